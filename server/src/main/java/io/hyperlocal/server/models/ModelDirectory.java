package io.hyperlocal.server.models;

import io.hyperlocal.core.ErrorCode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The directory that holds GGUF model files, and what is in it. Only the directory itself is
 * scanned (not sub-directories); hidden files and {@code .part} downloads in progress are skipped.
 */
public final class ModelDirectory {
    /** System property that names the models directory. */
    public static final String PROPERTY = "hyperlocal.models.dir";
    /** Environment variable that names the models directory when the property is not set. */
    public static final String ENVIRONMENT_VARIABLE = "HYPERLOCAL_MODELS_DIR";

    private final Path path;
    private final ModelCatalog catalog;

    public ModelDirectory(Path path, ModelCatalog catalog) {
        this.path = Objects.requireNonNull(path, "path is null").toAbsolutePath().normalize();
        this.catalog = Objects.requireNonNull(catalog, "catalog is null");
    }

    /**
     * Which directory to use: the first non-blank of {@code explicit}, {@code property} and
     * {@code environment}, else {@code ~/.hyperlocal/models}. A leading {@code ~/} means
     * {@code userHome}. Pure, so the precedence is testable; {@link #resolve(String)} reads the
     * real property and environment.
     */
    public static Path resolve(String explicit, String property, String environment, Path userHome) {
        Objects.requireNonNull(explicit, "explicit is null");
        Objects.requireNonNull(property, "property is null");
        Objects.requireNonNull(environment, "environment is null");
        Objects.requireNonNull(userHome, "userHome is null");
        for (String candidate : List.of(explicit, property, environment)) {
            if (!candidate.isBlank()) {
                return expandHome(candidate.strip(), userHome).toAbsolutePath().normalize();
            }
        }
        return userHome.resolve(".hyperlocal").resolve("models").toAbsolutePath().normalize();
    }

    /** {@link #resolve(String, String, String, Path)} with this JVM's property, environment and home. */
    public static Path resolve(String explicit) {
        return resolve(
                explicit,
                Objects.requireNonNullElse(System.getProperty(PROPERTY), ""),
                Objects.requireNonNullElse(System.getenv(ENVIRONMENT_VARIABLE), ""),
                Path.of(System.getProperty("user.home")));
    }

    private static Path expandHome(String path, Path userHome) {
        if (path.equals("~")) {
            return userHome;
        }
        return path.startsWith("~/") ? userHome.resolve(path.substring(2)) : Path.of(path);
    }

    public Path path() {
        return path;
    }

    /**
     * The GGUF files in the directory, sorted by id; empty when the directory does not exist yet.
     *
     * @throws ModelException when two files map to the same id, or the directory cannot be read
     */
    public List<LocalModel> scan() {
        List<LocalModel> models = new ArrayList<>();
        Map<String, Path> byId = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, ModelDirectory::isModelFile)) {
            for (Path file : files) {
                String id = catalog.modelIdForFile(file.getFileName().toString());
                Path other = byId.putIfAbsent(id, file);
                if (other != null) {
                    throw new ModelException(ErrorCode.INTERNAL, "two files in " + path + " are both model '" + id
                            + "': " + other.getFileName() + " and " + file.getFileName()
                            + "; rename or remove one of them");
                }
                models.add(new LocalModel(id, file, Files.size(file)));
            }
        } catch (NoSuchFileException absent) {
            return List.of();
        } catch (NotDirectoryException file) {
            throw notADirectory(path);
        } catch (IOException e) {
            throw new ModelException(ErrorCode.INTERNAL, "cannot list models in " + path + ": " + e, e);
        }
        models.sort(Comparator.comparing(LocalModel::id));
        return List.copyOf(models);
    }

    /**
     * The models directory names a file: the usual slip is giving the .gguf file itself. The message
     * says so, so that the operator does not have to read an exception's class name.
     */
    public static ModelException notADirectory(Path path) {
        return new ModelException(ErrorCode.INVALID_VALUE, "the models directory " + path + " is a file, not a "
                + "directory; give --models-dir (or " + PROPERTY + ") the folder that holds the .gguf files");
    }

    /** The model served as {@code id}, if its file is in the directory. */
    public Optional<LocalModel> find(String id) {
        Objects.requireNonNull(id, "id is null");
        return scan().stream().filter(model -> model.id().equals(id)).findFirst();
    }

    private static boolean isModelFile(Path file) {
        String name = file.getFileName().toString();
        // A download in progress is "<name>.gguf.part", which the suffix test already skips.
        return name.endsWith(".gguf") && !name.startsWith(".") && Files.isRegularFile(file);
    }

    @Override
    public String toString() {
        return "ModelDirectory[" + path + "]";
    }
}
