package dev.northstar.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that posts bodies and reads the status and body of each answer — all a load
 * driver needs. It shares the cores with the service it measures, and {@code java.net.http.HttpClient} (its
 * selector thread, executor hand-offs and per-request objects) took a tenth of the machine to send what this sends
 * for a fraction of that.
 */
final class KeepAliveConnection implements AutoCloseable {

    /** An answer: its status and body. */
    record Answer(int status, String body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] head;

    /** A connection that posts to {@code url} with these header lines (each without its line end). */
    KeepAliveConnection(URI url, String... headers) throws IOException {
        int port = url.getPort() > 0 ? url.getPort() : 80;
        socket = new Socket(url.getHost(), port);
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 14);
        StringBuilder request = new StringBuilder("POST ").append(url.getRawPath()).append(" HTTP/1.1\r\nHost: ")
                .append(url.getHost()).append(':').append(port).append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        head = request.append("Content-Length: ").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Posts the body and reads the answer. */
    Answer post(byte[] body) throws IOException {
        return post(body, new String[0]);
    }

    /** Posts the body with header lines of its own (a signature) besides the connection's, and reads the answer. */
    Answer post(byte[] body, String... headers) throws IOException {
        int prefix = head.length - "Content-Length: ".length();
        out.write(head, 0, prefix);
        for (String header : headers) {
            out.write((header + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(head, prefix, head.length - prefix);
        out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + status);
        }
        int length = -1;
        boolean chunked = false;
        for (String line = line(); !line.isEmpty(); line = line()) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                answer.write(in.readNBytes(size));
                line();
            }
            line();
        } else if (length > 0) {
            answer.write(in.readNBytes(length));
        }
        return new Answer(Integer.parseInt(status.substring(9, 12)), answer.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
