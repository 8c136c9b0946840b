package io.hyperlocal.engines.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {
    static final String CAT = "The cat sits on the mat";
    static final String SIMILAR = "A cat is sitting on a rug";
    static final String UNRELATED = "Quarterly revenue grew by ten percent";
    static final MiniLmEmbedder EMBEDDER = new MiniLmEmbedder();
    static final ExecutorService THREADS = Executors.newFixedThreadPool(4);

    @AfterAll
    static void stop() {
        THREADS.shutdown();
    }

    @Test
    void embedsInto384UnitLengthDimensions() {
        TextEmbedding cat = EMBEDDER.embed(List.of(CAT)).getFirst();

        assertThat(cat.vector()).hasSize(MiniLmEmbedder.DIMENSIONS);
        assertThat(cat.dot(cat)).isCloseTo(1.0, within(1e-4));
        assertThat(EMBEDDER.modelInfo().id()).isEqualTo("all-minilm-l6-v2");
    }

    @Test
    void placesRelatedSentencesCloserThanUnrelatedOnes() {
        List<TextEmbedding> embeddings = EMBEDDER.embed(List.of(CAT, SIMILAR, UNRELATED, CAT));

        TextEmbedding cat = embeddings.get(0);
        assertThat(cat.dot(embeddings.get(3))).isCloseTo(1.0, within(1e-4));
        assertThat(cat.dot(embeddings.get(1))).isGreaterThan(cat.dot(embeddings.get(2)) + 0.3);
        assertThat(cat.dot(embeddings.get(3))).isGreaterThan(cat.dot(embeddings.get(1)));
    }

    @Test
    void countsWordPiecesWithTheSpecialTokens() {
        assertThat(EMBEDDER.countTokens(CAT)).isEqualTo(8);
        assertThat(EMBEDDER.embed(List.of(CAT, UNRELATED))).extracting(TextEmbedding::tokens)
                .containsExactly(8, EMBEDDER.countTokens(UNRELATED));
    }

    @Test
    void readsInputsPastLangchain4jsDefaultTruncation() {
        String cats = "cat ".repeat(100);
        List<TextEmbedding> embeddings = EMBEDDER.embed(List.of(cats + "stock market ".repeat(50),
                cats + "ocean waves ".repeat(50)));

        // Truncated at 128 word pieces, both would be one hundred cats and nothing else.
        assertThat(embeddings.get(0).tokens()).isEqualTo(202);
        assertThat(embeddings.get(0).dot(embeddings.get(1))).isLessThan(0.95);
    }

    @Test
    void refusesInputsLongerThanTheModelReads() {
        String tooLong = "cat ".repeat(255);

        assertThatThrownBy(() -> EMBEDDER.embed(List.of(CAT, tooLong)))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONTEXT_LENGTH_EXCEEDED);
                    assertThat(e.param()).contains("input[1]");
                })
                .hasMessage("This model's maximum context length is 256 tokens, however you requested 257 tokens "
                        + "(257 in your prompt; 0 for the completion). Please reduce your prompt; or completion length.");
        assertThat(EMBEDDER.embed(List.of("cat ".repeat(254))).getFirst().tokens()).isEqualTo(256);
    }

    @Test
    void refusesBlankAndMissingInput() {
        assertThatThrownBy(() -> EMBEDDER.embed(List.of(" ")))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
                    assertThat(e.param()).contains("input");
                });
        assertThatThrownBy(() -> EMBEDDER.embed(List.of())).isInstanceOf(HyperlocalException.class);
    }

    @Test
    void loadsOnceWhenManyThreadsAskFirst() {
        MiniLmEmbedder fresh = new MiniLmEmbedder();
        List<CompletableFuture<TextEmbedding>> results = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> fresh.embed(List.of(CAT)).getFirst(), THREADS))
                .toList();

        List<TextEmbedding> embeddings = results.stream().map(CompletableFuture::join).toList();
        assertThat(embeddings).allSatisfy(embedding -> assertThat(embedding.dot(embeddings.getFirst()))
                .isCloseTo(1.0, within(1e-5)));
    }
}
