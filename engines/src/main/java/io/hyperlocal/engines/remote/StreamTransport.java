package io.hyperlocal.engines.remote;

import java.net.URI;
import java.util.Map;

/**
 * How an {@link OpenAiCompatibleEngine} sends a streamed completion and reads its answer. The engine
 * brings its own, on the JDK's HTTP client ({@link JdkStreamTransport}); a server with an event-loop
 * HTTP stack plugs in one that answers on the loop that serves the caller, so that a chunk goes from
 * the upstream's socket to the client's without changing threads.
 *
 * <p>Each call keeps its connection to itself until it ends; {@link Call#abort()} closes that
 * connection, which is how the upstream learns that the client is gone.
 */
public interface StreamTransport extends AutoCloseable {

    /**
     * Sends {@code body} as a {@code POST} to {@code url}. Never throws for a network failure: that
     * arrives as {@link Response#failed}.
     *
     * @param headers the request's headers, in addition to the transport's own
     * @throws IllegalStateException when the transport is closed
     */
    Call post(URI url, Map<String, String> headers, byte[] body, Response response);

    /** Closes the connections; calls in flight fail. */
    @Override
    void close();

    /** One request in flight. */
    interface Call {
        /** Closes the connection; no callback follows except, possibly, {@link Response#failed}. */
        void abort();
    }

    /**
     * What the transport reports, in this order and one at a time: {@link #status} once, then, for a
     * 200, the body's lines; then exactly one of {@link #complete} or {@link #failed}.
     */
    interface Response {
        /** The status line has arrived. */
        void status(int code);

        /** One line of a 200 answer's body, without its terminator (CR, LF or CRLF). */
        void line(String line);

        /** The body has ended; {@code errorBody} is the whole body of an answer other than 200, else empty. */
        void complete(int code, String errorBody);

        /** The connection failed, before or after the status ({@link #status} says which). */
        void failed(Throwable failure);
    }
}
