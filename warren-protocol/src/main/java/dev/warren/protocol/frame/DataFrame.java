package dev.warren.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * Stream bytes. Reference counted: whoever holds it last releases it. END_STREAM half-closes the sender's side.
 *
 * <p>A frame may own the {@value FrameDecoder#HEADER_SIZE} bytes in front of its content's reader index
 * ({@link #headerInPlace}): a received frame's content keeps the header it arrived with there, and a relay that
 * forwards those bytes has {@link FrameEncoder} write the new header over it, so the frame leaves as one buffer (no
 * header buffer, and no copy in the TLS handler to join a small header to its payload).
 */
public final class DataFrame extends DefaultByteBufHolder implements Frame {
    public static final int FLAG_END_STREAM = 0x1;

    private final int streamId;
    private final boolean endStream;
    private final int length;
    private final boolean headerInPlace;

    public DataFrame(int streamId, ByteBuf content, boolean endStream) {
        this(streamId, content, endStream, false);
    }

    /**
     * @param headerInPlace the {@value FrameDecoder#HEADER_SIZE} bytes before {@code content}'s reader index belong to
     *     this frame (nothing else reads them): the encoder writes the header there
     */
    public DataFrame(int streamId, ByteBuf content, boolean endStream, boolean headerInPlace) {
        super(content);
        FrameType.requireStream(streamId);
        if (headerInPlace && !hasHeaderRoom(content)) {
            throw new IllegalArgumentException("headerInPlace: reader index " + content.readerIndex()
                    + " (expected: >= " + FrameDecoder.HEADER_SIZE + ", writable)");
        }
        this.streamId = streamId;
        this.endStream = endStream;
        this.length = content.readableBytes();
        this.headerInPlace = headerInPlace;
    }

    /** True when {@code content} has room for a header before its reader index (whether it owns it is the caller's word). */
    public static boolean hasHeaderRoom(ByteBuf content) {
        return content.readerIndex() >= FrameDecoder.HEADER_SIZE && !content.isReadOnly();
    }

    @Override
    public FrameType type() {
        return FrameType.DATA;
    }

    @Override
    public int streamId() {
        return streamId;
    }

    public boolean endStream() {
        return endStream;
    }

    /** The header is to be written in the bytes before the content's reader index (see the class comment). */
    public boolean headerInPlace() {
        return headerInPlace;
    }

    @Override
    public int flags() {
        return endStream ? FLAG_END_STREAM : 0;
    }

    @Override
    public void encodePayload(ByteBuf out) {
        out.writeBytes(content(), content().readerIndex(), content().readableBytes());
    }

    @Override
    public DataFrame replace(ByteBuf content) {
        return new DataFrame(streamId, content, endStream, false);
    }

    @Override
    public String toString() {
        return "DATA(" + streamId + ", " + length + " bytes" + (endStream ? ", END_STREAM" : "") + ")";
    }
}
