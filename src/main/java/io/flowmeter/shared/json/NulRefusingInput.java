package io.flowmeter.shared.json;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Refuses the escape {@code \u0000} inside JSON strings and names (raw NUL bytes are already invalid JSON).
 * PostgreSQL can store neither in {@code jsonb} nor in {@code text}, so a document holding one would be accepted and
 * then fail at commit. The scan watches the raw characters as the parser reads them; all the characters it cares
 * about are ASCII, so it works on UTF-8 bytes and on chars alike. Bytes must be UTF-8 (as RFC 8259 requires between
 * systems): Jackson would otherwise detect UTF-16 or UTF-32 by itself, whose every ASCII character carries a zero byte
 * that hides escapes from a byte scan — so a zero byte, which UTF-8 JSON never holds, is refused outright.
 */
final class NulRefusingInput extends InputDecorator {

    @Override
    public InputStream decorate(IOContext context, InputStream in) {
        return new Bytes(in);
    }

    @Override
    public InputStream decorate(IOContext context, byte[] source, int offset, int length) {
        return new Bytes(new ByteArrayInputStream(source, offset, length));
    }

    @Override
    public Reader decorate(IOContext context, Reader reader) {
        return new Chars(reader);
    }

    /**
     * Thrown from the stream the parser reads. A Jackson exception type, because Jackson passes those on as they are
     * (any other IOException would lose its type inside a generic one); the REST layer answers 400 with its message.
     */
    static final class NulCharacterException extends com.fasterxml.jackson.core.JsonProcessingException {
        NulCharacterException() {
            this("NUL characters (\\u0000) are not accepted in JSON");
        }

        NulCharacterException(String message) {
            super(message);
        }
    }

    private static void requireUtf8Byte(int b) throws NulCharacterException {
        if (b == 0) {
            throw new NulCharacterException("JSON must be encoded as UTF-8, without NUL bytes");
        }
    }

    /** A state machine over the characters: outside strings, inside, after a backslash, inside a unicode escape. */
    static final class Scanner {
        private static final int OUTSIDE = 0;
        private static final int INSIDE = 1;
        private static final int ESCAPE = 2;
        private int state = OUTSIDE;
        /** Digits of a {@code \\u} escape seen so far (1–4), and whether all of them were '0'. */
        private int unicodeDigits;
        private boolean allZero;

        void accept(int c) throws NulCharacterException {
            if (unicodeDigits > 0) {
                allZero &= c == '0';
                if (++unicodeDigits == 5) {
                    unicodeDigits = 0;
                    state = INSIDE;
                    if (allZero) {
                        throw new NulCharacterException();
                    }
                }
                return;
            }
            switch (state) {
                case OUTSIDE -> {
                    if (c == '"') {
                        state = INSIDE;
                    }
                }
                case INSIDE -> {
                    if (c == '\\') {
                        state = ESCAPE;
                    } else if (c == '"') {
                        state = OUTSIDE;
                    }
                }
                default -> {
                    if (c == 'u') {
                        unicodeDigits = 1;
                        allZero = true;
                    } else {
                        state = INSIDE;
                    }
                }
            }
        }
    }

    private static final class Bytes extends FilterInputStream {
        private final Scanner scanner = new Scanner();

        Bytes(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                requireUtf8Byte(b);
                scanner.accept(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                int b = buffer[offset + i] & 0xff;
                requireUtf8Byte(b);
                scanner.accept(b);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skip is not supported");
        }
    }

    private static final class Chars extends FilterReader {
        private final Scanner scanner = new Scanner();

        Chars(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                scanner.accept(c);
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                scanner.accept(buffer[offset + i]);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skip is not supported");
        }
    }
}
