package io.hyperlocal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The codes are public API, and the README's API section is where a partner finds them: it lists
 * every code once, and no code that does not exist.
 */
class ErrorCodesDocumentedTest {
    private static final String OPENING = "Errors always use OpenAI's body";
    private static final String CLOSING = ") and the matching HTTP";

    @Test
    void theReadmeListsEveryErrorCodeOnce() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf(OPENING);
        assertThat(start).as("the README's paragraph on errors, opening '%s'", OPENING).isNotNegative();
        int end = readme.indexOf(CLOSING, start);
        assertThat(end).as("the end of the README's list of codes, '%s'", CLOSING).isPositive();
        String list = readme.substring(readme.indexOf("`code` (", start) + "`code` (".length(), end);

        Matcher code = Pattern.compile("`([a-z_]+)`").matcher(list);
        List<String> documented = code.results().map(match -> match.group(1)).toList();

        assertThat(documented).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
    }
}
