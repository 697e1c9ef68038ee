package io.strata.ingestion;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvRecordsTest {
    /** Each record as {@code line: field|field}, or {@code line! reason <raw>} when malformed. */
    private static List<String> read(Reader text, int skip) throws IOException {
        List<String> records = new ArrayList<>();
        try (CsvRecords csv = new CsvRecords(text, ',', '"')) {
            csv.skipLines(skip);
            while (csv.next()) {
                records.add(csv.malformed() == null ? csv.line() + ": " + String.join("|", csv.fields())
                        : csv.line() + "! " + csv.malformed() + " <" + csv.raw() + ">");
            }
        }
        return records;
    }

    private static List<String> read(String text) throws IOException {
        List<String> whole = read(new StringReader(text), 0);
        // The same text handed out one character per read: every buffer boundary falls everywhere once.
        assertThat(read(new OneCharAtATime(text), 0)).isEqualTo(whole);
        return whole;
    }

    private static final class OneCharAtATime extends Reader {
        private final String text;
        private int next;

        OneCharAtATime(String text) {
            this.text = text;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (next == text.length()) {
                return -1;
            }
            buffer[offset] = text.charAt(next++);
            return 1;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void fieldsAreSplitAtTheDelimiterAndQuotedOnesKeepDelimitersDoubledQuotesAndLineBreaks() throws IOException {
        assertThat(read("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n3,,\n4,a\"b,\"\""))
                .containsExactly("1: a|b|c", "2: 1|x, y|say \"hi\"", "3: 2|two\nlines|z", "5: 3||", "6: 4|a\"b|");
    }

    @Test
    void crLfAndCrEndLinesAndEmptyLinesAreSkippedButCounted() throws IOException {
        assertThat(read("a,b\r\n\r\n1,\"x\r\ny\"\r\n\n2,z\r3,w\r\n"))
                .containsExactly("1: a|b", "3: 1|x\r\ny", "6: 2|z", "7: 3|w");
    }

    @Test
    void skippedLinesAndAByteOrderMarkAreNotRead() throws IOException {
        assertThat(read(new StringReader("\uFEFFexported by X\n\"a note\n1,2\n"), 1)).containsExactly("2! unterminated quote: the quoted field runs"
                + " to the end of the file <\"a note>", "3: 1|2");
        assertThat(read(new StringReader("\uFEFFa,b\n1,2"), 0)).containsExactly("1: a|b", "2: 1|2");
    }

    @Test
    void anUnterminatedQuoteMakesOneMalformedRecordOfItsLineAndReadingGoesOnAtTheNextLine() throws IOException {
        assertThat(read("id,note,price\n1,a,1.00\n17,\"unterminated,3.00\n18,b,2.00\n19,\"c\",3.00\n"))
                .containsExactly("1: id|note|price", "2: 1|a|1.00",
                        "3! unterminated quote: the quoted field runs on to line 5, where a quote is followed by 'c' <17,\"unterminated,3.00>",
                        "4: 18|b|2.00", "5: 19|c|3.00");
        assertThat(read("1,a\n2,\"open\n3,b\r\n4,c"))
                .containsExactly("1: 1|a", "2! unterminated quote: the quoted field runs to the end of the file <2,\"open>", "3: 3|b", "4: 4|c");
    }

    @Test
    void aQuoteOnAnotherLineOfAMultiLineRecordRejectsTheRecordUpToThatLine() throws IOException {
        assertThat(read("1,\"two\nlines\",\"open\n2,b\n"))
                .containsExactly("1! unterminated quote: the quoted field runs to the end of the file <1,\"two\nlines\",\"open>", "3: 2|b");
    }

    @Test
    void aQuoteInsideAQuotedFieldThatIsNotDoubledRejectsItsLine() throws IOException {
        assertThat(read("1,\"say \"hi\" now\",x\n2,b\n"))
                .containsExactly("1! unexpected 'h' after the closing quote (a quote inside a quoted field is written twice) <1,\"say \"hi\" now\",x>",
                        "2: 2|b");
    }

    @Test
    void recordsLongerThanTheBufferAreReadWhole() throws IOException {
        String longField = "x".repeat(200_000);
        String quoted = "y\n".repeat(100_000);
        assertThat(read(new StringReader("1," + longField + "\n2,\"" + quoted + "\"\n3,z\n"), 0))
                .containsExactly("1: 1|" + longField, "2: 2|" + quoted, "100003: 3|z");
    }

    @Test
    void aQuoteLeftOpenInAFileLargerThanARecordMayBeCostsOneRecordNotTheRestOfTheFile() throws IOException {
        int lines = CsvRecords.MAX_RECORD_CHARS / 8 + 1000;
        List<String> records = read(new StringReader("1,\"open\n" + "2,bbbbb\n".repeat(lines)), 0);

        assertThat(records).hasSize(1 + lines).first().asString()
                .isEqualTo("1! unterminated quote: the quoted field runs on for more than " + CsvRecords.MAX_RECORD_CHARS + " characters <1,\"open>");
        assertThat(records).element(1).isEqualTo("2: 2|bbbbb");
        assertThat(records).last().isEqualTo((lines + 1) + ": 2|bbbbb");
    }
}
