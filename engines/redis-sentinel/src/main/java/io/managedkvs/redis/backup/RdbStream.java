package io.managedkvs.redis.backup;

import io.managedkvs.redis.actuator.Endpoint;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * Reads a point-in-time RDB snapshot from a Redis member over the replication protocol, as
 * {@code redis-cli --rdb} does: {@code REPLCONF rdb-only 1} (the member then sends the snapshot and
 * no command stream after it) and {@code SYNC}. Asked of a replica, the replica forks and saves its
 * own copy of the data; the primary does no work at all. Without {@code REPLCONF capa eof} the member
 * sends the snapshot with its length first, which is the only form read here.
 */
public final class RdbStream {

    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 64 * 1024;

    private RdbStream() {
    }

    /**
     * Copies a snapshot of {@code member} to {@code out}.
     *
     * @param password the member's password, if it requires one
     * @param timeout  connect timeout, and the longest silence while the member saves (it sends a
     *                 newline every second meanwhile, so this only ends a dead connection)
     * @param sockets  plain or TLS sockets
     * @return the number of bytes copied
     * @throws RdbException when the member refuses or the stream is not an RDB
     */
    public static long copy(Endpoint member, Optional<String> password, Duration timeout, SocketFactory sockets, OutputStream out)
            throws IOException {
        try (Socket socket = sockets.createSocket()) {
            socket.connect(new InetSocketAddress(member.dialHost(), member.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream command = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER);
            if (password.isPresent()) {
                send(command, "AUTH", password.get());
                String reply = line(in);
                if (!reply.startsWith("+OK")) {
                    throw new RdbException(member + " refused the password (" + firstWord(reply) + ")");
                }
            }
            send(command, "REPLCONF", "rdb-only", "1");
            line(in); // Redis before 7.0 answers an error and sends the command stream after the snapshot: we stop reading anyway.
            send(command, "SYNC");
            long length = bulkLength(member, in);
            return copyExactly(member, in, length, out);
        }
    }

    /** Skips the newlines a member sends while it saves, then reads {@code $<length>}. */
    private static long bulkLength(Endpoint member, InputStream in) throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new RdbException(member + " closed the connection before sending a snapshot");
            }
            if (b == '\n') {
                continue;
            }
            String rest = line(in);
            if (b == '-') {
                throw new RdbException(member + " refused to send a snapshot: " + rest);
            }
            if (b != '$' || rest.startsWith("EOF:")) {
                throw new RdbException(member + " answered SYNC with something other than a snapshot length: " + (char) b + rest);
            }
            try {
                return Long.parseLong(rest);
            } catch (NumberFormatException e) {
                throw new RdbException(member + " sent a snapshot length that is not a number: " + rest);
            }
        }
    }

    private static long copyExactly(Endpoint member, InputStream in, long length, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long left = length;
        boolean first = true;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException(member + " closed the connection " + (length - left) + " bytes into a snapshot of " + length);
            }
            if (first && n >= MAGIC.length && !Arrays.equals(buffer, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw new RdbException(member + " sent data that does not start like an RDB file");
            }
            first = false;
            out.write(buffer, 0, n);
            left -= n;
        }
        return length;
    }

    private static void send(OutputStream out, String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(bytes);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(b.toByteArray());
        out.flush();
    }

    /** One line without its CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0) {
            throw new EOFException("the connection closed mid-line");
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String firstWord(String reply) {
        String r = reply.startsWith("-") ? reply.substring(1) : reply;
        int space = r.indexOf(' ');
        return space > 0 ? r.substring(0, space) : r;
    }

    /** The member would not, or could not, send a snapshot. */
    public static final class RdbException extends IOException {
        public RdbException(String message) {
            super(message);
        }
    }
}
