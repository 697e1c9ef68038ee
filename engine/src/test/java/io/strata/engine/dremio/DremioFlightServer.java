package io.strata.engine.dremio;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;
import org.apache.arrow.flight.sql.NoOpFlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An Arrow Flight SQL server inside the test JVM that answers as Dremio does, for driving the Dremio engine through
 * the real Flight SQL JDBC driver: it records every statement it is sent and answers each with a Dremio-shaped
 * result, chosen by the test per statement:
 * <ul>
 *   <li>DDL ({@code CREATE VIEW}, {@code DROP}): one row of {@code ok} (boolean) and {@code summary} (text);</li>
 *   <li>CTAS and DML: one row with a {@code Records} count;</li>
 *   <li>a count: one BIGINT row (0 by default: a check finds no failing rows);</li>
 *   <li>a query: the rows the test gives (or none, for {@code LIMIT 0});</li>
 *   <li>an error: a Flight status with Dremio's message, raised when the statement is prepared.</li>
 * </ul>
 * Logins are a user and password (Flight's basic handshake, then a bearer token) or a personal access token.
 */
final class DremioFlightServer implements AutoCloseable {
    static final String USER = "strata";
    static final String PASSWORD = "secret-password";
    static final String TOKEN = "personal-access-token";

    /** What the server answers to a statement. */
    sealed interface Answer {
        record Ddl(String summary) implements Answer {
        }

        record Records(long count) implements Answer {
        }

        record Rows(List<String> columns, List<List<String>> rows) implements Answer {
        }

        /** A {@code count(*)}: one BIGINT, named {@code EXPR$0} as Dremio names an unaliased expression. */
        record Count(long count) implements Answer {
        }

        record Failure(CallStatus status) implements Answer {
        }
    }

    private final BufferAllocator allocator = new RootAllocator();
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final List<String> logins = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> prepared = new ConcurrentHashMap<>();
    private final AtomicInteger handles = new AtomicInteger();
    private final FlightServer server;
    private volatile Function<String, Answer> answers = DremioFlightServer::dremioDefault;

    DremioFlightServer() throws IOException {
        CallHeaderAuthenticator passwords = new GeneratedBearerTokenAuthenticator(new BasicCallHeaderAuthenticator((user, password) -> {
            if (!USER.equals(user) || !PASSWORD.equals(password)) {
                throw CallStatus.UNAUTHENTICATED.withDescription("Unable to authenticate user " + user).toRuntimeException();
            }
            logins.add("password " + user);
            return () -> user;
        }));
        CallHeaderAuthenticator tokens = headers -> {
            if (("Bearer " + TOKEN).equals(authorization(headers))) {
                logins.add("token");
                return () -> "token-user";
            }
            return passwords.authenticate(headers);
        };
        server = FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", 0), new Producer())
                .headerAuthenticator(tokens).build().start();
    }

    private static String authorization(CallHeaders headers) {
        String value = headers.get("authorization");
        return value != null ? value : headers.get("Authorization");
    }

    int port() {
        return server.getPort();
    }

    /** Every statement received, in order. */
    List<String> statements() {
        return List.copyOf(statements);
    }

    List<String> logins() {
        return List.copyOf(logins);
    }

    /** How the server answers from now on. */
    void answer(Function<String, Answer> newAnswers) {
        this.answers = Objects.requireNonNull(newAnswers);
    }

    /** Dremio's answers: DDL an ok row, CTAS and DML a Records count, a query no rows. */
    static Answer dremioDefault(String sql) {
        String upper = sql.stripLeading().toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("CREATE OR REPLACE VIEW") || upper.startsWith("DROP")) {
            return new Answer.Ddl(upper.startsWith("DROP") ? "Table dropped" : "View replaced");
        }
        if (upper.startsWith("CREATE TABLE") || upper.startsWith("INSERT") || upper.startsWith("MERGE") || upper.startsWith("DELETE")) {
            return new Answer.Records(3);
        }
        if (upper.startsWith("SELECT COUNT(*)")) {
            return new Answer.Count(0);
        }
        return new Answer.Rows(List.of("session_id", "kwh"), List.of());
    }

    private static Schema schemaOf(Answer answer) {
        return switch (answer) {
            case Answer.Ddl ignored -> new Schema(List.of(Field.nullable("ok", ArrowType.Bool.INSTANCE), Field.nullable("summary", ArrowType.Utf8.INSTANCE)));
            case Answer.Records ignored -> new Schema(List.of(Field.nullable("Records", new ArrowType.Int(64, true))));
            case Answer.Rows rows -> new Schema(rows.columns().stream().map(column -> Field.nullable(column, ArrowType.Utf8.INSTANCE)).toList());
            case Answer.Count ignored -> new Schema(List.of(Field.nullable("EXPR$0", new ArrowType.Int(64, true))));
            case Answer.Failure ignored -> new Schema(List.of());
        };
    }

    @Override
    public void close() throws Exception {
        server.shutdown();
        server.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        server.close();
        allocator.close();
    }

    private final class Producer extends NoOpFlightSqlProducer {
        @Override
        public void createPreparedStatement(FlightSql.ActionCreatePreparedStatementRequest request, CallContext context,
                                            StreamListener<Result> listener) {
            String sql = request.getQuery();
            statements.add(sql);
            Answer answer = answers.apply(sql);
            if (answer instanceof Answer.Failure failure) {
                listener.onError(failure.status().toRuntimeException());
                return;
            }
            String handle = Integer.toString(handles.incrementAndGet());
            prepared.put(handle, answer);
            FlightSql.ActionCreatePreparedStatementResult result = FlightSql.ActionCreatePreparedStatementResult.newBuilder()
                    .setPreparedStatementHandle(ByteString.copyFromUtf8(handle))
                    .setDatasetSchema(ByteString.copyFrom(schemaOf(answer).serializeAsMessage()))
                    .build();
            listener.onNext(new Result(Any.pack(result).toByteArray()));
            listener.onCompleted();
        }

        @Override
        public FlightInfo getFlightInfoPreparedStatement(FlightSql.CommandPreparedStatementQuery command, CallContext context,
                                                         FlightDescriptor descriptor) {
            Answer answer = prepared.get(command.getPreparedStatementHandle().toStringUtf8());
            if (answer == null) {
                throw CallStatus.NOT_FOUND.withDescription("no prepared statement").toRuntimeException();
            }
            Ticket ticket = new Ticket(Any.pack(command).toByteArray());
            return new FlightInfo(schemaOf(answer), descriptor, List.of(new FlightEndpoint(ticket)), -1, -1);
        }

        @Override
        public void getStreamPreparedStatement(FlightSql.CommandPreparedStatementQuery command, CallContext context, ServerStreamListener listener) {
            Answer answer = prepared.get(command.getPreparedStatementHandle().toStringUtf8());
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schemaOf(answer), allocator)) {
                root.allocateNew();
                int count = switch (answer) {
                    case Answer.Ddl ddl -> {
                        ((BitVector) root.getVector(0)).setSafe(0, 1);
                        ((VarCharVector) root.getVector(1)).setSafe(0, ddl.summary().getBytes(StandardCharsets.UTF_8));
                        yield 1;
                    }
                    case Answer.Records records -> {
                        ((BigIntVector) root.getVector(0)).setSafe(0, records.count());
                        yield 1;
                    }
                    case Answer.Count counted -> {
                        ((BigIntVector) root.getVector(0)).setSafe(0, counted.count());
                        yield 1;
                    }
                    case Answer.Rows rows -> {
                        for (int row = 0; row < rows.rows().size(); row++) {
                            for (int column = 0; column < rows.columns().size(); column++) {
                                FieldVector vector = root.getVector(column);
                                ((VarCharVector) vector).setSafe(row, rows.rows().get(row).get(column).getBytes(StandardCharsets.UTF_8));
                            }
                        }
                        yield rows.rows().size();
                    }
                    case Answer.Failure ignored -> 0;
                };
                root.setRowCount(count);
                listener.start(root);
                listener.putNext();
                listener.completed();
            }
        }

        @Override
        public void closePreparedStatement(FlightSql.ActionClosePreparedStatementRequest request, CallContext context,
                                           StreamListener<Result> listener) {
            prepared.remove(request.getPreparedStatementHandle().toStringUtf8());
            listener.onCompleted();
        }
    }
}
