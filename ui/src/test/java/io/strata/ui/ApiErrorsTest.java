package io.strata.ui;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors that are not Strata's own: a connection lost under a request is the environment's 503, anything else a 500. */
class ApiErrorsTest {
    private final ApiErrors errors = new ApiErrors();

    @Test
    void aConnectionLostUnderARequestIsA503NamingWhatStoppedAnswering() {
        var answer = errors.unexpected(new IllegalStateException("Failed to execute GET request against 'http://127.0.0.1:19120/api/v2/trees'",
                new ConnectException("Connection refused")));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getBody().error()).isEqualTo("environment");
        assertThat(answer.getBody().message()).contains("stopped answering").contains("127.0.0.1:19120").contains("Connection refused")
                .doesNotContain("Exception");
    }

    @Test
    void anyOtherUnexpectedErrorIsAFaultOfStrata() {
        var answer = errors.unexpected(new IllegalStateException("a bug"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(answer.getBody().error()).isEqualTo("internal");
    }

    @Test
    void springsOwnAnswersKeepTheirStatus() {
        var answer = errors.unexpected(new ResponseStatusException(HttpStatus.NOT_FOUND, "no such run"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getBody().error()).isEqualTo("not_found");
        assertThat(answer.getBody().message()).isEqualTo("no such run");
    }
}
