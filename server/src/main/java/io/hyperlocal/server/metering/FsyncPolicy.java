package io.hyperlocal.server.metering;

/**
 * When the journal asks the kernel to put its bytes on the disk. A plain {@code write()} already
 * survives the death of the process (the kernel holds the bytes); only a power loss or a kernel
 * crash can lose what was not yet flushed.
 */
public enum FsyncPolicy {
    /** Never: the kernel flushes in its own time (usually within 30 s). The default. */
    NEVER,
    /** After every record, before the response ends: survives a power loss, at a disk flush per request. */
    ALWAYS
}
