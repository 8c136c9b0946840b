package io.hyperlocal.server.gateway;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: {@code req_} and 24 random hex digits, unique enough to find one request in the logs. */
final class RequestIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = random.nextLong();
        char[] id = new char[28];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        for (int i = 0; i < 12; i++) {
            id[4 + i] = HEX[(int) (high >>> (i * 4)) & 0xf];
            id[16 + i] = HEX[(int) (low >>> (i * 4)) & 0xf];
        }
        return new String(id);
    }
}
