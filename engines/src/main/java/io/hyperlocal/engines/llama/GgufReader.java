package io.hyperlocal.engines.llama;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Parses the key/value section of a GGUF file and stops before the tensor infos. Layout, all little
 * endian: magic {@code GGUF}, uint32 version, uint64 tensor count, uint64 key/value count, then for
 * each pair a string key, a uint32 value type and the value; a string is a uint64 byte length and
 * UTF-8 bytes; an array is a uint32 element type, a uint64 count and the elements.
 */
final class GgufReader {
    private static final byte[] MAGIC = {'G', 'G', 'U', 'F'};
    // Caps that keep a corrupt length from allocating gigabytes; real keys are short and chat
    // templates are kilobytes.
    private static final long MAX_KEY_BYTES = 65_535;
    private static final long MAX_STRING_BYTES = 64L << 20;
    private static final long MAX_PAIRS = 1L << 20;
    private static final long MAX_ARRAY_LENGTH = 1L << 40;
    private static final int MAX_NESTING = 8;
    private static final int STRING = 8;
    private static final int ARRAY = 9;

    private final Path path;
    private final InputStream in;
    private final byte[] scratch = new byte[8];

    private GgufReader(Path path, InputStream in) {
        this.path = path;
        this.in = in;
    }

    static GgufMetadata read(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return new GgufReader(path, in).header();
        } catch (EOFException e) {
            throw new GgufFormatException("truncated GGUF file: " + path + " ends inside its metadata", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read GGUF file " + path + ": " + e.getMessage(), e);
        }
    }

    private GgufMetadata header() throws IOException {
        byte[] magic = in.readNBytes(4);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new GgufFormatException("not a GGUF file: " + path + " (magic 0x" + HexFormat.of().formatHex(magic)
                    + " \"" + new String(magic, StandardCharsets.ISO_8859_1) + "\", expected \"GGUF\")");
        }
        int version = (int) bytes(4);
        if (version != 2 && version != 3) {
            throw new GgufFormatException("unsupported GGUF version " + Integer.toUnsignedString(version) + " in "
                    + path + " (this reader reads versions 2 and 3)");
        }
        long tensorCount = bytes(8);
        long pairs = count(bytes(8), MAX_PAIRS, "key/value count");
        Map<String, Object> values = new HashMap<>();
        Map<String, Long> arrayLengths = new HashMap<>();
        for (long i = 0; i < pairs; i++) {
            String key = string(MAX_KEY_BYTES, "key");
            int type = (int) bytes(4);
            if (type == ARRAY) {
                int elementType = (int) bytes(4);
                long length = count(bytes(8), MAX_ARRAY_LENGTH, "length of array " + key);
                skipArray(elementType, length, key, 1);
                arrayLengths.put(key, length);
            } else {
                values.put(key, scalar(type, key));
            }
        }
        return new GgufMetadata(path, version, tensorCount, values, arrayLengths);
    }

    private Object scalar(int type, String key) throws IOException {
        return switch (type) {
            case 0 -> bytes(1);
            case 1 -> (long) (byte) bytes(1);
            case 2 -> bytes(2);
            case 3 -> (long) (short) bytes(2);
            case 4 -> bytes(4);
            case 5 -> (long) (int) bytes(4);
            case 6 -> (double) Float.intBitsToFloat((int) bytes(4));
            case 7 -> bytes(1) != 0;
            case STRING -> string(MAX_STRING_BYTES, "value of " + key);
            case 10, 11 -> bytes(8);
            case 12 -> Double.longBitsToDouble(bytes(8));
            default -> throw unknownType(type, key);
        };
    }

    private void skipArray(int elementType, long length, String key, int depth) throws IOException {
        if (depth > MAX_NESTING) {
            throw new GgufFormatException("corrupt GGUF file " + path + ": arrays nested deeper than " + MAX_NESTING
                    + " in " + key);
        }
        switch (elementType) {
            case 0, 1, 7 -> in.skipNBytes(length);
            case 2, 3 -> in.skipNBytes(length * 2);
            case 4, 5, 6 -> in.skipNBytes(length * 4);
            case 10, 11, 12 -> in.skipNBytes(length * 8);
            case STRING -> {
                for (long i = 0; i < length; i++) {
                    in.skipNBytes(count(bytes(8), MAX_STRING_BYTES, "string length in array " + key));
                }
            }
            case ARRAY -> {
                for (long i = 0; i < length; i++) {
                    int nestedType = (int) bytes(4);
                    skipArray(nestedType, count(bytes(8), MAX_ARRAY_LENGTH, "length of array in " + key), key, depth + 1);
                }
            }
            default -> throw unknownType(elementType, key);
        }
    }

    private String string(long maxBytes, String what) throws IOException {
        int length = (int) count(bytes(8), maxBytes, "length of " + what);
        byte[] utf8 = in.readNBytes(length);
        if (utf8.length < length) {
            throw new EOFException();
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private long count(long value, long max, String what) {
        if (value < 0 || value > max) {
            throw new GgufFormatException("corrupt GGUF file " + path + ": " + what + " is "
                    + Long.toUnsignedString(value) + ", more than the " + max + " allowed");
        }
        return value;
    }

    /** Reads an unsigned little-endian integer of {@code size} bytes (1, 2, 4 or 8). */
    private long bytes(int size) throws IOException {
        if (in.readNBytes(scratch, 0, size) < size) {
            throw new EOFException();
        }
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (scratch[i] & 0xFF);
        }
        return value;
    }

    private GgufFormatException unknownType(int type, String key) {
        return new GgufFormatException("corrupt GGUF file " + path + ": unknown value type " + type + " for " + key);
    }
}
