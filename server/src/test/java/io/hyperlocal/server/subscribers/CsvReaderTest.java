package io.hyperlocal.server.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    @Test
    void readsQuotesCommasLineBreaksAndTheLineEachRecordStartsOn() throws IOException {
        List<CsvRecord> records = read("\uFEFFa,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\n\"two\nlines\",2,3\rlast,,");
        assertThat(records).containsExactly(
                new CsvRecord.Fields(1, List.of("a", "b", "c"), "a,b,c"),
                new CsvRecord.Fields(2, List.of("x, y", "say \"hi\"", ""), "\"x, y\",\"say \"\"hi\"\"\","),
                new CsvRecord.Fields(4, List.of("two\nlines", "2", "3"), "\"two\nlines\",2,3"),
                new CsvRecord.Fields(6, List.of("last", "", ""), "last,,"));
    }

    @Test
    void aMalformedRecordIsReportedAndTheNextLineIsStillRead() throws IOException {
        List<CsvRecord> records = read("ok,1\n\"closed\"tail,2\nbad\"quote,3\nfine,4\n\"never closed,5\nlost,6\n");
        assertThat(records).hasSize(5);
        assertThat(records.get(1)).isEqualTo(new CsvRecord.Malformed(2, "text follows the closing quote of field 1",
                "\"closed\"tail,2"));
        assertThat(records.get(2)).isInstanceOf(CsvRecord.Malformed.class).extracting(CsvRecord::line).isEqualTo(3L);
        assertThat(records.get(3)).isEqualTo(new CsvRecord.Fields(4, List.of("fine", "4"), "fine,4"));
        // An unclosed quote swallows the rest of the file: one malformed record, on the line it opened.
        assertThat(records.get(4)).isEqualTo(new CsvRecord.Malformed(5,
                "a quoted field opened on line 5 is never closed", "\"never closed,5\nlost,6\n"));
    }

    @Test
    void anEmptyInputHasNoRecord() throws IOException {
        assertThat(read("")).isEmpty();
        assertThat(read("\n\r\n")).isEmpty();
    }

    /** Whatever the fields, writing them as RFC 4180 CSV and reading them back gives them again. */
    @Property
    void readsBackWhatAnyRfc4180WriterWrites(@ForAll("tables") List<List<String>> table) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (List<String> row : table) {
            csv.append(String.join(",", row.stream().map(RejectedRows::csvField).toList())).append("\r\n");
        }
        List<CsvRecord> records = read(csv.toString());
        List<List<String>> expected = table.stream()
                .filter(row -> !(row.size() == 1 && row.getFirst().isEmpty())) // an empty single field is a blank line
                .toList();
        assertThat(records).allMatch(record -> record instanceof CsvRecord.Fields);
        assertThat(records.stream().map(record -> ((CsvRecord.Fields) record).values()).toList()).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<List<String>>> tables() {
        Arbitrary<String> field = Arbitraries.strings().withChars('a', 'Z', '9', ' ', ',', '"', '\n', '\r', '\u00e9')
                .ofMaxLength(6);
        return field.list().ofMinSize(1).ofMaxSize(5).list().ofMaxSize(6);
    }

    private static List<CsvRecord> read(String text) throws IOException {
        List<CsvRecord> records = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(text))) {
            for (Optional<CsvRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                records.add(next.get());
            }
        }
        return records;
    }
}
