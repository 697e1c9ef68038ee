package io.strata.ingestion;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.List;

/**
 * Splits CSV text into records, one at a time, each with the physical line it starts on. A field in quotes
 * may hold the delimiter, line breaks and doubled quotes. A quoted field that cannot end is malformed: it runs
 * to the end of the file, or its closing quote is followed by something other than a delimiter or a line
 * break. Its record is handed out as malformed, with the text from its first line to the end of the line the
 * quote opened on, and reading goes on from the next line — one bad quote costs one record, not the file.
 * <p>
 * A cursor, not an iterator of values: {@link #next()} reuses the record's storage, so the happy path makes
 * nothing but the fields' strings. (FastCSV, which read CSV before, cannot go on after such a record: its
 * buffer keeps no more than the current field, and it swallowed the rest of a file behind a quote left open.)
 */
final class CsvRecords implements Closeable {
    /** A record (a quoted field running on) may not be longer; past it, a quote is taken as never closed. */
    static final int MAX_RECORD_CHARS = 16 << 20;
    private static final int READ_SIZE = 1 << 16;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /** A record longer than {@link #MAX_RECORD_CHARS} with no quote that could explain it. */
    static final class TooLong extends IOException {
        TooLong(String message) {
            super(message);
        }
    }

    private final Reader reader;
    private final char delimiter;
    private final char quote;

    private char[] buffer = new char[2 * READ_SIZE];
    private int limit;
    private int position;
    /** Where the current record starts; the buffer keeps it until the next record (for a malformed one's text). */
    private int start;
    /** Where the field being read starts (its opening quote for a quoted one). */
    private int fieldStart;
    private boolean end;
    /** The physical line at {@link #position}, from 1. */
    private long line = 1;
    /** The last line break was a CR: a LF right after it belongs to it. */
    private boolean afterCarriageReturn;

    private long recordLine;
    private String[] fields = new String[16];
    private int fieldCount;
    private String malformed;
    private String raw;

    CsvRecords(Reader reader, char delimiter, char quote) {
        if (delimiter == quote || delimiter == '\n' || delimiter == '\r' || quote == '\n' || quote == '\r') {
            throw new IllegalArgumentException("the CSV delimiter (" + describe(delimiter) + ") and quote (" + describe(quote)
                    + ") must differ from each other and from a line break");
        }
        this.reader = reader;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    /** Skips {@code lines} physical lines (after a byte order mark), whatever quotes they hold. */
    void skipLines(int lines) throws IOException {
        skipByteOrderMark();
        for (int skipped = 0; skipped < lines; skipped++) {
            while (true) {
                if (position == limit && !fill()) {
                    return;
                }
                char c = buffer[position++];
                if (c == '\n' && afterCarriageReturn) {
                    afterCarriageReturn = false;
                    continue;
                }
                afterCarriageReturn = c == '\r';
                if (c == '\n' || c == '\r') {
                    line++;
                    break;
                }
            }
            start = position;
        }
    }

    /** Reads the next record, skipping empty lines; false at the end of the text. */
    boolean next() throws IOException {
        malformed = null;
        raw = null;
        fieldCount = 0;
        if (line == 1) {
            skipByteOrderMark();
        }
        while (true) {
            start = position;
            if (position == limit && !fill()) {
                return false;
            }
            char c = buffer[position];
            if (c == '\n') {
                position++;
                if (!afterCarriageReturn) {
                    line++;
                }
                afterCarriageReturn = false;
            }
            else if (c == '\r') {
                position++;
                line++;
                afterCarriageReturn = true;
            }
            else {
                afterCarriageReturn = false;
                break;
            }
        }
        recordLine = line;
        while (true) {
            fieldStart = position;
            if (position == limit && !fill()) {
                add(""); // the text ends right after a delimiter
                return true;
            }
            boolean more = buffer[position] == quote ? quoted() : unquoted();
            if (!more) {
                return true;
            }
        }
    }

    /** The line the record starts on, from 1. */
    long line() {
        return recordLine;
    }

    int fieldCount() {
        return fieldCount;
    }

    String field(int index) {
        return fields[index];
    }

    List<String> fields() {
        return Arrays.asList(fields).subList(0, fieldCount);
    }

    /** Why the record cannot be read, or null when it can; a malformed record has no fields, only {@link #raw()}. */
    String malformed() {
        return malformed;
    }

    /** A malformed record's text as it stands in the file, from its first line to the line its bad quote opens on. */
    String raw() {
        return raw;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private void skipByteOrderMark() throws IOException {
        if (position == 0 && line == 1 && (limit > 0 || fill()) && buffer[0] == BYTE_ORDER_MARK) {
            position = 1;
            start = 1;
        }
    }

    /** Reads an unquoted field and what ends it; false when that ends the record. */
    private boolean unquoted() throws IOException {
        char[] chars = buffer;
        int i = position;
        int available = limit;
        while (true) {
            if (i == available) {
                position = i;
                if (!fill()) {
                    add(new String(buffer, fieldStart, limit - fieldStart));
                    return false;
                }
                chars = buffer;
                i = position;
                available = limit;
            }
            char c = chars[i];
            if (c == delimiter || c == '\n' || c == '\r') {
                add(new String(chars, fieldStart, i - fieldStart));
                position = i;
                return afterField();
            }
            i++;
        }
    }

    /** Reads a quoted field, from its opening quote, and what ends it; false when that ends the record (or makes it malformed). */
    private boolean quoted() throws IOException {
        long openLine = line;
        try {
            return quoted(openLine);
        }
        catch (TooLong e) {
            return malformed(openLine, "unterminated quote: the quoted field runs on for more than " + MAX_RECORD_CHARS + " characters");
        }
    }

    private boolean quoted(long openLine) throws IOException {
        boolean escaped = false;
        int i = position + 1;
        while (true) {
            if (i == limit) {
                position = i;
                if (!fill()) {
                    return malformed(openLine, "unterminated quote: the quoted field runs to the end of the file");
                }
                i = position;
            }
            char c = buffer[i++];
            if (c == quote) {
                if (i == limit) {
                    position = i;
                    boolean more = fill();
                    i = position;
                    if (!more) {
                        add(text(fieldStart + 1, i - 1, escaped));
                        return false;
                    }
                }
                char after = buffer[i];
                if (after == quote) {
                    escaped = true;
                    i++;
                }
                else if (after == delimiter || after == '\n' || after == '\r') {
                    add(text(fieldStart + 1, i - 1, escaped));
                    position = i;
                    return afterField();
                }
                else if (line == openLine) {
                    return malformed(openLine, "unexpected " + describe(after) + " after the closing quote (a quote inside a quoted field is written twice)");
                }
                else {
                    return malformed(openLine, "unterminated quote: the quoted field runs on to line " + line + ", where a quote is followed by "
                            + describe(after));
                }
            }
            else if (c == '\r' || (c == '\n' && buffer[i - 2] != '\r')) {
                line++;
            }
        }
    }

    private static String describe(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c) ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    /** Consumes the delimiter or line break at {@link #position}; false when it ends the record. */
    private boolean afterField() {
        char c = buffer[position++];
        if (c == delimiter) {
            return true;
        }
        line++;
        afterCarriageReturn = c == '\r';
        return false;
    }

    /** The record as malformed: its text to the end of the line its bad quote opened on, after which reading goes on. */
    private boolean malformed(long openLine, String reason) throws IOException {
        position = fieldStart;
        while ((position < limit || fill()) && buffer[position] != '\n' && buffer[position] != '\r') {
            position++;
        }
        fieldCount = 0;
        malformed = reason;
        raw = new String(buffer, start, position - start);
        line = openLine;
        afterCarriageReturn = false;
        if (position < limit) {
            afterField();
        }
        return false;
    }

    private String text(int from, int to, boolean escaped) {
        if (!escaped) {
            return new String(buffer, from, to - from);
        }
        StringBuilder text = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            text.append(buffer[i]);
            if (buffer[i] == quote) {
                i++;
            }
        }
        return text.toString();
    }

    private void add(String field) {
        if (fieldCount == fields.length) {
            fields = Arrays.copyOf(fields, fieldCount * 2);
        }
        fields[fieldCount++] = field;
    }

    /**
     * Reads more text after {@link #limit}, keeping the current record: what lies before {@link #start} is
     * dropped, and {@link #start}, {@link #fieldStart} and {@link #position} move with the text. False at the end.
     */
    private boolean fill() throws IOException {
        if (end) {
            return false;
        }
        if (buffer.length - limit < READ_SIZE) {
            int kept = limit - start;
            if (buffer.length - kept < READ_SIZE) {
                if (kept >= MAX_RECORD_CHARS) {
                    throw new TooLong("the record on line " + recordLine + " is longer than " + MAX_RECORD_CHARS + " characters");
                }
                char[] larger = new char[Math.min(Math.max(buffer.length * 2, kept + READ_SIZE), MAX_RECORD_CHARS + READ_SIZE)];
                System.arraycopy(buffer, start, larger, 0, kept);
                buffer = larger;
            }
            else {
                System.arraycopy(buffer, start, buffer, 0, kept);
            }
            position -= start;
            fieldStart -= start;
            limit = kept;
            start = 0;
        }
        int read;
        do {
            read = reader.read(buffer, limit, buffer.length - limit);
        } while (read == 0);
        if (read < 0) {
            end = true;
            return false;
        }
        limit += read;
        return true;
    }
}
