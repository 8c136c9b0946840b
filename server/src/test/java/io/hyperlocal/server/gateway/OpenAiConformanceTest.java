package io.hyperlocal.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.hyperlocal.server.TestPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway as the official OpenAI Java SDK sees it, against the running server and the real
 * stories260K model through llama.cpp.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class OpenAiConformanceTest {
    private static final String MODEL = "stories260k";

    @TestHTTPResource("/v1")
    URL v1;

    private OpenAIClient client;

    @BeforeEach
    void client() {
        client = OpenAIOkHttpClient.builder().baseUrl(v1.toString()).apiKey(TestPlatform.demoKey()).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder story(long seed) {
        return ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addUserMessage("Once upon a time, there was a little dog")
                .temperature(0.0)
                .seed(seed)
                .maxCompletionTokens(40);
    }

    @Test
    void listsTheRealModelAndTheEmbeddingModel() {
        List<String> ids = client.models().list().autoPager().stream().map(Model::id).toList();
        assertThat(ids).contains(MODEL, "all-minilm-l6-v2");
        Model model = client.models().retrieve(MODEL);
        assertThat(model.ownedBy()).isEqualTo("hyperlocal");
    }

    @Test
    void chatCompletionWithUsage() {
        ChatCompletion completion = client.chat().completions().create(story(7).build());
        String text = completion.choices().get(0).message().content().orElseThrow();
        assertThat(text).isNotBlank();
        assertThat(completion.model()).isEqualTo(MODEL);
        var usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.completionTokens()).isBetween(1L, 40L);
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        assertThat(completion.choices().get(0).finishReason())
                .isIn(ChatCompletion.Choice.FinishReason.STOP, ChatCompletion.Choice.FinishReason.LENGTH);
    }

    @Test
    void streamedTextEqualsNonStreamedTextForTheSameSeedAtTemperatureZero() {
        ChatCompletion whole = client.chat().completions().create(story(42).build());
        StringBuilder streamed = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(story(42)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(streamed::append));
            });
        }
        assertThat(streamed.toString()).isEqualTo(whole.choices().get(0).message().content().orElseThrow());
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).isPresent();
        assertThat(last.usage().get().completionTokens()).isEqualTo(whole.usage().orElseThrow().completionTokens());
        assertThat(last.usage().get().promptTokens()).isEqualTo(whole.usage().orElseThrow().promptTokens());
        Optional<ChatCompletionChunk.Choice.FinishReason> finish = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.finishReason().stream())
                .findFirst();
        assertThat(finish).isPresent();
    }

    @Test
    void legacyTextCompletion() {
        Completion completion = client.completions().create(CompletionCreateParams.builder()
                .model(MODEL).prompt("Once upon a time").maxTokens(12).temperature(0.0).build());
        assertThat(completion.choices().get(0).text()).isNotBlank();
        assertThat(completion.usage().orElseThrow().completionTokens()).isBetween(1L, 12L);
    }

    @Test
    void embeddingsHave384DimensionsAndMeaning() {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("all-minilm-l6-v2")
                .inputOfArrayOfStrings(List.of(
                        "The cat sits on the mat.",
                        "A cat is sitting on a rug.",
                        "Quarterly revenue grew by ten percent.",
                        "The cat sits on the mat."))
                .build());
        List<List<Float>> vectors = response.data().stream().map(e -> e.embedding()).toList();
        assertThat(vectors).hasSize(4).allSatisfy(v -> assertThat(v).hasSize(384));
        double self = cosine(vectors.get(0), vectors.get(3));
        double related = cosine(vectors.get(0), vectors.get(1));
        double unrelated = cosine(vectors.get(0), vectors.get(2));
        assertThat(self).isGreaterThan(0.999);
        assertThat(related).isGreaterThan(unrelated).isLessThan(self);
        assertThat(response.usage().promptTokens()).isPositive();
    }

    @Test
    void errorsArriveAsTypedExceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(story(1).model("no-such-model").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> client.chat().completions().create(story(1).temperature(5.0).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("temperature");
                });
        OpenAIClient wrongKey = OpenAIOkHttpClient.builder().baseUrl(v1.toString()).apiKey("hl-wrong").maxRetries(0).build();
        assertThatThrownBy(() -> wrongKey.models().list())
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.statusCode()).isEqualTo(401));
        assertThatThrownBy(() -> client.embeddings().create(EmbeddingCreateParams.builder()
                .model("all-minilm-l6-v2").input("").build()))
                .isInstanceOf(OpenAIServiceException.class);
    }

    private static double cosine(List<Float> a, List<Float> b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
            normA += a.get(i) * a.get(i);
            normB += b.get(i) * b.get(i);
        }
        return dot / Math.sqrt(normA * normB);
    }
}
