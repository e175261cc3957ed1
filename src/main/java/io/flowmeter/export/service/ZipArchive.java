package io.flowmeter.export.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flowmeter.shared.CsvCells;
import io.flowmeter.tenancy.TenantArchive;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.util.PGobject;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes an export's files into a zip stream, counting each file's rows for the manifest. */
class ZipArchive implements TenantArchive {

    private static final int FETCH_SIZE = 1000;

    private final UUID tenantId;
    private final ZipOutputStream zip;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Map<String, Long> files = new LinkedHashMap<>();

    ZipArchive(UUID tenantId, OutputStream out, JdbcTemplate jdbc, ObjectMapper json) {
        this.tenantId = tenantId;
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        JdbcTemplate streaming = new JdbcTemplate(java.util.Objects.requireNonNull(jdbc.getDataSource()));
        streaming.setFetchSize(FETCH_SIZE); // read a batch at a time: the snapshot's transaction lets PostgreSQL stream
        this.jdbc = streaming;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public UUID tenantId() {
        return tenantId;
    }

    @Override
    public long csv(String fileName, String sql, Object... args) {
        long[] rows = {0};
        entry(fileName, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try {
                CSVPrinter[] printer = {null};
                jdbc.query(sql, rs -> {
                    try {
                        if (printer[0] == null) {
                            printer[0] = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(labels(rs.getMetaData())).get());
                        }
                        int columns = rs.getMetaData().getColumnCount();
                        List<Object> cells = new ArrayList<>(columns);
                        for (int c = 1; c <= columns; c++) {
                            cells.add(CsvCells.safe(cell(rs.getObject(c))));
                        }
                        printer[0].printRecord(cells);
                        rows[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, args);
                if (printer[0] == null) { // no rows: the header still says what the file holds
                    List<String> header = jdbc.query("select * from (" + sql + ") as q limit 0", rs -> {
                        return Arrays.asList(labels(rs.getMetaData()));
                    }, args);
                    new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(header == null ? new String[0] : header.toArray(String[]::new))
                            .get()).flush();
                }
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        files.put(fileName, rows[0]);
        return rows[0];
    }

    @Override
    public long jsonArray(String fileName, String sql, Object... args) {
        long[] count = {0};
        entry(fileName, out -> {
            try (JsonGenerator generator = json.createGenerator(out)) {
                generator.useDefaultPrettyPrinter();
                generator.writeStartArray();
                jdbc.query(sql, rs -> {
                    try {
                        generator.writeTree(json.readTree(rs.getString(1)));
                        count[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, args);
                generator.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        files.put(fileName, count[0]);
        return count[0];
    }

    @Override
    public void jsonObject(String fileName, String sql, Object... args) {
        List<String> documents = jdbc.queryForList(sql, String.class, args);
        try {
            value(fileName, documents.isEmpty() ? json.createObjectNode() : json.readTree(documents.get(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a JSON file holding one value (the manifest). */
    void value(String fileName, Object value) {
        entry(fileName, out -> {
            try {
                json.writeValue(out, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        files.put(fileName, 1L);
    }

    /** The files written so far and their rows (elements for JSON arrays, 1 for a JSON value). */
    Map<String, Long> files() {
        return Map.copyOf(files);
    }

    /** Ends the zip (the stream underneath stays open). */
    void finish() {
        try {
            zip.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void entry(String fileName, Consumer<OutputStream> body) {
        if (files.containsKey(fileName)) {
            throw new IllegalStateException("The export already has a file " + fileName);
        }
        try {
            zip.putNextEntry(new ZipEntry(fileName));
            body.accept(new FilterOutputStream(zip) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // the zip's entry stays open until closeEntry
                }
            });
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] labels(ResultSetMetaData meta) throws SQLException {
        String[] labels = new String[meta.getColumnCount()];
        for (int c = 1; c <= labels.length; c++) {
            labels[c - 1] = meta.getColumnLabel(c);
        }
        return labels;
    }

    /** A database value as a CSV cell's text. */
    static Object cell(Object value) throws SQLException {
        if (value == null) {
            return "";
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof BigDecimal number) {
            return number.stripTrailingZeros().toPlainString();
        }
        if (value instanceof PGobject object) {
            return object.getValue() == null ? "" : object.getValue();
        }
        if (value instanceof Array array) {
            Object[] items = (Object[]) array.getArray();
            return Arrays.stream(items).map(String::valueOf).collect(Collectors.joining(";"));
        }
        return value;
    }
}
