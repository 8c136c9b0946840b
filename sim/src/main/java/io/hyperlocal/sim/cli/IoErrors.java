package io.hyperlocal.sim.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Says why a file could not be read or written, in words, instead of an exception's class and path. */
final class IoErrors {
    private IoErrors() {}

    /** Creates {@code directory} if needed and checks it can be written: before a long run, not after it. */
    static void writableDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        if (!Files.isWritable(directory)) {
            throw new AccessDeniedException(directory.toString());
        }
    }

    /** Why {@code given} (the path the user named) failed: the reason, and the path at fault when another. */
    static String reason(IOException failure, Path given) {
        return switch (failure) {
            case NoSuchFileException missing -> "no such file or directory" + other(missing, given);
            case AccessDeniedException denied -> "permission denied" + other(denied, given);
            case FileAlreadyExistsException exists -> "a file of that name exists and is not a directory" + other(exists, given);
            case NotDirectoryException notDirectory -> "not a directory" + other(notDirectory, given);
            case FileSystemException system when system.getReason() != null -> system.getReason() + other(system, given);
            default -> failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        };
    }

    /** The path the file system complained about, when it is not the one the user gave (a parent). */
    private static String other(FileSystemException failure, Path given) {
        String file = failure.getFile();
        return file == null || Path.of(file).equals(given) ? "" : ": " + file;
    }
}
