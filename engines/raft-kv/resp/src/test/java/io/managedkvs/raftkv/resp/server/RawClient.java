package io.managedkvs.raftkv.resp.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A socket that speaks raw RESP: tests see the exact bytes a server answers. */
final class RawClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
    out = socket.getOutputStream();
  }

  static byte[] command(String... args) {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Sends one command and reads its one reply. */
  String call(String... args) throws IOException {
    send(command(args));
    return readReply();
  }

  /** Reads one complete reply, whatever its type, and returns its bytes as text. */
  String readReply() throws IOException {
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    readValue(reply);
    return reply.toString(StandardCharsets.UTF_8);
  }

  /** -1 when the server closed the connection. */
  int readByteOrEnd() throws IOException {
    return in.read();
  }

  private void readValue(ByteArrayOutputStream reply) throws IOException {
    String line = readLine(reply);
    char type = line.charAt(0);
    switch (type) {
      case '$', '=' -> {
        int len = Integer.parseInt(line.substring(1));
        if (len >= 0) {
          reply.write(in.readNBytes(len + 2));
        }
      }
      case '*', '~', '>' -> {
        int n = Integer.parseInt(line.substring(1));
        for (int i = 0; i < n; i++) {
          readValue(reply);
        }
      }
      case '%' -> {
        int n = Integer.parseInt(line.substring(1));
        for (int i = 0; i < 2 * n; i++) {
          readValue(reply);
        }
      }
      default -> { }
    }
  }

  private String readLine(ByteArrayOutputStream reply) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed after " + reply.toString(StandardCharsets.UTF_8) + line);
      }
      reply.write(c);
      if (c != '\r') {
        line.append((char) c);
      }
    }
    reply.write('\n');
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
