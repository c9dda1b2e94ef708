package io.ragchat.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection per request ({@code Connection: close}). A general client
 * (java.net.http, REST Assured) refuses or repairs the very requests a fuzzer must send: raw non-ASCII
 * characters in the target, odd header values, a body that is not what its Content-Type says. The body is
 * written on its own thread while the response is read, so a server that answers before reading all of a
 * huge body (413) is heard rather than reported as a broken pipe.
 */
final class RawHttpClient {

    private static final int READ_TIMEOUT_MILLIS = 120_000;

    private final int port;

    RawHttpClient(int port) {
        this.port = port;
    }

    FuzzResponse send(FuzzRequest request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head(request));
            out.flush();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(request.body());
                    out.flush();
                } catch (IOException answeredEarly) {
                    // the server answered (and closed) before reading the whole body: the response says why
                }
            });
            byte[] raw = readUntilClosed(socket.getInputStream());
            writer.interrupt();
            return parse(raw, request.method());
        }
    }

    private byte[] head(FuzzRequest request) {
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        head.append("Connection: close\r\n");
        for (FuzzRequest.Header header : request.headers()) {
            head.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        head.append("Content-Length: ").append(request.body().length).append("\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Everything until the server closes. A reset after some bytes arrived (the server closed with part of
     * a huge body unread) keeps what arrived.
     */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no complete response within " + READ_TIMEOUT_MILLIS + " ms; received: "
                    + received.toString(StandardCharsets.UTF_8), e);
        } catch (IOException e) {
            if (received.size() == 0) {
                throw e;
            }
        }
        return received.toByteArray();
    }

    private static FuzzResponse parse(byte[] received, String method) throws IOException {
        byte[] raw = received;
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        // An interim response (100 Continue, to Expect: 100-continue) comes before the real one.
        while (end > 0 && new String(raw, 0, Math.min(end, 12), StandardCharsets.ISO_8859_1).matches("HTTP/1\\.1 1\\d\\d.*")) {
            raw = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        }
        if (end < 0) {
            throw new IOException("no complete response head in " + raw.length + " bytes: "
                    + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("HEAD".equals(method)) {
            return new FuzzResponse(status, headers, new byte[0]);
        }
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        byte[] body = encoding.stream().anyMatch(e -> e.equalsIgnoreCase("chunked")) ? dechunk(rest) : rest;
        return new FuzzResponse(status, headers, body);
    }

    /** The body of a chunked response; a response cut before its last chunk is an error, as a client sees it. */
    private static byte[] dechunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(chunked, new byte[] { '\r', '\n' }, at);
            if (lineEnd < 0) {
                throw new IOException("the chunked body was cut after " + body.size() + " bytes: "
                        + body.toString(StandardCharsets.UTF_8));
            }
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            if (lineEnd + 2 + size > chunked.length) {
                throw new IOException("the chunked body was cut inside a chunk after " + body.size() + " bytes");
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
