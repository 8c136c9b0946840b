package io.hyperlocal.server.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.hyperlocal.core.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads the real test model from a real local HTTP server. */
class ModelDownloaderTest {
    private static final DownloadSettings FAST =
            new DownloadSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 3, Duration.ZERO);

    @TempDir
    Path models;

    private final byte[] content = TestingModel.bytes();
    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();
    private TestingModelServer server;
    private ModelDownloader downloader;

    @BeforeEach
    void startServer() throws IOException {
        server = new TestingModelServer(content);
        downloader = new ModelDownloader(ModelCatalog.builtIn(), FAST);
    }

    @AfterEach
    void stopServer() {
        downloader.close();
        server.close();
    }

    private Path pull() {
        return downloader.pull(url().toString(), models, events::add);
    }

    private URI url() {
        return server.url(TestingModel.FILE_NAME);
    }

    @Test
    void downloadsVerifiesAndReportsMonotonicProgressEndingAtTheTotal() throws IOException {
        server.linkedEtag("\"" + TestingModel.SHA256 + "\"");

        Path file = pull();

        assertThat(file).isEqualTo(models.resolve(TestingModel.FILE_NAME));
        assertThat(Sha256.of(file)).isEqualTo(TestingModel.SHA256);
        assertThat(models.resolve(TestingModel.FILE_NAME + ".part")).doesNotExist();
        assertThat(events.getFirst()).isEqualTo(
                new DownloadEvent.Started(TestingModel.FILE_NAME, url(), 0, TestingModel.SIZE));
        List<Long> done = progress();
        assertThat(done).isSorted().isNotEmpty();
        assertThat(done.getLast()).isEqualTo(TestingModel.SIZE);
        assertThat(events.getLast()).isEqualTo(verified(file, HashSource.SERVER));
    }

    @Test
    void resumesWithARangeRequestAfterTheConnectionDrops() throws IOException {
        server.linkedEtag(TestingModel.SHA256).dropFirstGetAfter(400_000);

        Path file = pull();

        assertThat(Sha256.of(file)).isEqualTo(TestingModel.SHA256);
        List<TestingModelServer.Request> gets = server.gets();
        assertThat(gets).hasSize(2);
        assertThat(gets.get(0).range()).isEmpty();
        assertThat(gets.get(1).range()).matches("bytes=[1-9][0-9]*-");
        assertThat(events).anyMatch(event -> event instanceof DownloadEvent.Retrying retrying
                && retrying.nextAttempt() == 2);
        assertThat(progress()).isSorted();
    }

    @Test
    void resumesAPartFileLeftByAnEarlierRun() throws IOException {
        int half = content.length / 2;
        Files.write(models.resolve(TestingModel.FILE_NAME + ".part"), Arrays.copyOf(content, half));
        server.linkedEtag(TestingModel.SHA256);

        Path file = pull();

        assertThat(server.gets()).extracting(TestingModelServer.Request::range).containsExactly("bytes=" + half + "-");
        assertThat(events.getFirst()).isEqualTo(
                new DownloadEvent.Started(TestingModel.FILE_NAME, url(), half, TestingModel.SIZE));
        assertThat(Sha256.of(file)).isEqualTo(TestingModel.SHA256);
    }

    @Test
    void abandonsAStalledResponseAndResumes() throws IOException {
        server.linkedEtag(TestingModel.SHA256).stallFirstGetAfter(100_000, Duration.ofSeconds(10));
        DownloadSettings impatient =
                new DownloadSettings(Duration.ofSeconds(5), Duration.ofMillis(500), 2, Duration.ZERO);
        try (ModelDownloader stallAware = new ModelDownloader(ModelCatalog.builtIn(), impatient)) {
            Path file = stallAware.pull(url().toString(), models, events::add);

            assertThat(Sha256.of(file)).isEqualTo(TestingModel.SHA256);
            assertThat(server.gets().get(1).range()).isEqualTo("bytes=100000-");
            assertThat(events).anyMatch(event -> event instanceof DownloadEvent.Retrying retrying
                    && retrying.reason().contains("no data for"));
        }
    }

    @Test
    void restartsFromZeroWhenTheServerIgnoresTheRange() throws IOException {
        Files.write(models.resolve(TestingModel.FILE_NAME + ".part"), new byte[1000]); // wrong bytes, too
        server.linkedEtag(TestingModel.SHA256).ignoreRanges();

        Path file = pull();

        assertThat(server.gets().getFirst().range()).isEqualTo("bytes=1000-");
        assertThat(Sha256.of(file)).isEqualTo(TestingModel.SHA256);
    }

    @Test
    void rejectsAHashMismatchAndDeletesThePartialFile() {
        String wrong = "ab".repeat(32);
        server.linkedEtag(wrong);

        assertThatThrownBy(this::pull)
                .isInstanceOfSatisfying(ModelVerificationException.class, e -> {
                    assertThat(e.expected()).isEqualTo(wrong);
                    assertThat(e.actual()).isEqualTo(TestingModel.SHA256);
                })
                .hasMessageContaining("expected " + wrong)
                .hasMessageContaining("got " + TestingModel.SHA256);
        assertThat(models.resolve(TestingModel.FILE_NAME + ".part")).doesNotExist();
        assertThat(models.resolve(TestingModel.FILE_NAME)).doesNotExist();
    }

    @Test
    void readsTheLinkedEtagFromTheRedirectingResponse() throws IOException {
        server.linkedEtag(TestingModel.SHA256).redirectToCdn();

        Path file = pull();

        assertThat(events.getLast()).isEqualTo(verified(file, HashSource.SERVER));
        assertThat(server.requests()).extracting(TestingModelServer.Request::method, TestingModelServer.Request::path)
                .containsSubsequence(
                        tuple("HEAD", "/models/" + TestingModel.FILE_NAME),
                        tuple("HEAD", "/cdn/" + TestingModel.FILE_NAME),
                        tuple("GET", "/cdn/" + TestingModel.FILE_NAME));
    }

    @Test
    void keepsTheRangeHeaderAcrossTheRedirect() throws IOException {
        Files.write(models.resolve(TestingModel.FILE_NAME + ".part"), Arrays.copyOf(content, 1000));
        server.linkedEtag(TestingModel.SHA256).redirectToCdn();

        Path file = pull();

        assertThat(server.gets()).extracting(TestingModelServer.Request::path, TestingModelServer.Request::range)
                .contains(tuple("/cdn/" + TestingModel.FILE_NAME, "bytes=1000-"));
        assertThat(Sha256.of(file)).isEqualTo(TestingModel.SHA256);
    }

    @Test
    void keepsAFileWithoutAPublishedHashAndSaysItIsNotVerified() {
        Path file = pull(); // the server sends only an MD5-style ETag, which is no sha256

        assertThat(file).exists();
        assertThat(events.getLast()).isEqualTo(
                new DownloadEvent.NotVerified(file, TestingModel.SHA256, "not verified: no published sha256"));
    }

    @Test
    void treats416AsCompleteWhenThePartFileHasEveryByte() throws IOException {
        Files.write(models.resolve(TestingModel.FILE_NAME + ".part"), content);
        server.rejectHead(); // so the size is unknown and the range request is sent

        Path file = pull();

        assertThat(server.gets()).extracting(TestingModelServer.Request::range)
                .containsExactly("bytes=" + content.length + "-");
        assertThat(Sha256.of(file)).isEqualTo(TestingModel.SHA256);
    }

    @Test
    void doesNotDownloadAFileThatIsPresentAndVerifies() {
        server.linkedEtag(TestingModel.SHA256);
        pull();
        events.clear();

        Path again = pull();

        assertThat(server.gets()).hasSize(1);
        assertThat(events).containsExactly(
                new DownloadEvent.AlreadyPresent(again),
                new DownloadEvent.Verifying(again),
                verified(again, HashSource.SERVER));
    }

    @Test
    void checksAgainstTheCatalogHashWithoutAskingTheServer() throws IOException {
        ModelCatalog catalog = new ModelCatalog(List.of(new CatalogEntry("tiny", "tiny", url(), TestingModel.SIZE,
                TestingModel.SHA256, "MIT", "the test model")));
        try (ModelDownloader withCatalog = new ModelDownloader(catalog, FAST)) {
            Path file = withCatalog.pull("tiny", models, events::add);
            assertThat(events.getLast()).isEqualTo(verified(file, HashSource.CATALOG));

            int requests = server.requests().size();
            withCatalog.pull("tiny", models, ProgressListener.NONE);
            assertThat(server.requests()).hasSize(requests);
        }
    }

    @Test
    void aWrongCatalogHashIsAMismatchEvenWhenTheServerAgreesWithTheFile() throws IOException {
        String wrong = "0".repeat(64);
        server.linkedEtag(TestingModel.SHA256);
        ModelCatalog catalog = new ModelCatalog(List.of(new CatalogEntry("tiny", "tiny", url(),
                CatalogEntry.UNKNOWN_SIZE, wrong, "MIT", "the test model")));
        try (ModelDownloader withCatalog = new ModelDownloader(catalog, FAST)) {
            assertThatThrownBy(() -> withCatalog.pull("tiny", models, events::add))
                    .isInstanceOf(ModelVerificationException.class)
                    .hasMessageContaining("published in the model catalog");
        }
    }

    @Test
    void stripsTheQueryFromAUrl() {
        server.linkedEtag(TestingModel.SHA256);

        Path file = downloader.pull(url() + "?download=true", models, events::add);

        assertThat(file.getFileName()).hasToString(TestingModel.FILE_NAME);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> downloader.pull("llama-9000", models, events::add))
                .isInstanceOfSatisfying(ModelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining("llama-9000")
                .hasMessageContaining("qwen2.5-0.5b-instruct, mistral-7b-instruct-v0.3, stories260k");
    }

    @Test
    void aMissingFileIsReportedWithoutRetrying() {
        server.status(404);

        assertThatThrownBy(this::pull)
                .isInstanceOfSatisfying(ModelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND))
                .hasMessageContaining("HTTP 404");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        server.status(503).rejectHead();

        assertThatThrownBy(this::pull)
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("gave up after 3 attempts")
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("the next pull resumes");
        assertThat(server.gets()).hasSize(3);
    }

    private static DownloadEvent verified(Path file, HashSource source) {
        return new DownloadEvent.Verified(file, TestingModel.SHA256, source);
    }

    private List<Long> progress() {
        return events.stream()
                .filter(DownloadEvent.Progress.class::isInstance)
                .map(event -> ((DownloadEvent.Progress) event).bytesDone())
                .toList();
    }
}
