package io.hyperlocal.engines.llama;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a copy of a GGUF file with one more string key, to test what the tiny model lacks (a chat
 * template) against real llama.cpp. Tensor offsets are relative to the aligned data section, so the
 * copy stays valid once its header is re-padded to the alignment.
 */
final class GgufFiles {
    private static final int ALIGNMENT = 32;

    private GgufFiles() {}

    static Path withString(Path source, Path target, String key, String value) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(source)).order(ByteOrder.LITTLE_ENDIAN);
        in.position(8);
        long tensors = in.getLong();
        long pairs = in.getLong();
        int pairsStart = in.position();
        for (long i = 0; i < pairs; i++) {
            skipString(in);
            skipValue(in, in.getInt());
        }
        int tensorInfosStart = in.position();
        for (long i = 0; i < tensors; i++) {
            skipString(in);
            int dimensions = in.getInt();
            in.position(in.position() + 8 * dimensions + 4 + 8);
        }
        int tensorInfosEnd = in.position();
        int dataStart = align(tensorInfosEnd);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.put(in.array(), 0, 8).putLong(tensors).putLong(pairs + 1);
        out.write(header.array());
        out.write(in.array(), pairsStart, tensorInfosStart - pairsStart);
        out.write(string(key));
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(8).array());
        out.write(string(value));
        out.write(in.array(), tensorInfosStart, tensorInfosEnd - tensorInfosStart);
        out.write(new byte[align(out.size()) - out.size()]);
        out.write(in.array(), dataStart, in.capacity() - dataStart);
        Files.write(target, out.toByteArray());
        return target;
    }

    private static byte[] string(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + utf8.length).order(ByteOrder.LITTLE_ENDIAN).putLong(utf8.length).put(utf8)
                .array();
    }

    private static void skipString(ByteBuffer in) {
        int length = (int) in.getLong();
        in.position(in.position() + length);
    }

    private static void skipValue(ByteBuffer in, int type) {
        switch (type) {
            case 0, 1, 7 -> in.position(in.position() + 1);
            case 2, 3 -> in.position(in.position() + 2);
            case 4, 5, 6 -> in.position(in.position() + 4);
            case 10, 11, 12 -> in.position(in.position() + 8);
            case 8 -> skipString(in);
            case 9 -> {
                int elementType = in.getInt();
                long length = in.getLong();
                for (long i = 0; i < length; i++) {
                    skipValue(in, elementType);
                }
            }
            default -> throw new IllegalArgumentException("unknown GGUF type " + type);
        }
    }

    private static int align(int position) {
        return (position + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
