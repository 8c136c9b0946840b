package io.hyperlocal.core;

/**
 * How the caller takes a generation's text. An engine may use it to save work: a remote engine asks
 * its server for one JSON answer instead of a stream of chunks when nobody reads the tokens as they come.
 */
public enum Delivery {
    /** Token by token, as it is generated (a streamed answer, or a stream moved to another engine). */
    STREAMED,
    /** Only whole, once the generation ends (a non-streamed answer): the engine may deliver all its text at once. */
    WHOLE
}
