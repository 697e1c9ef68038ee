package io.strata.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which SQL reads the clock or a random source, and so is built on every run. */
class FingerprintsTest {
    @Test
    void theClockAndRandomFunctionsAreFoundInTheSql() {
        assertThat(Fingerprints.readsClockOrRandom("select current_date as day")).isTrue();
        assertThat(Fingerprints.readsClockOrRandom("select * from t where at > CURRENT_TIMESTAMP - interval '1' day")).isTrue();
        assertThat(Fingerprints.readsClockOrRandom("select now() as t")).isTrue();
        assertThat(Fingerprints.readsClockOrRandom("select id from t order by rand ()")).isTrue();
        assertThat(Fingerprints.readsClockOrRandom("select uuid() as id")).isTrue();
    }

    @Test
    void wordsInCommentsStringsAndNamesAreNotCalls() {
        assertThat(Fingerprints.readsClockOrRandom("-- flags now raised\nselect 1")).isFalse();
        assertThat(Fingerprints.readsClockOrRandom("/* the current_date is\n not read */ select 1")).isFalse();
        assertThat(Fingerprints.readsClockOrRandom("select 'now() and current_date' as label, 'it''s now()' as other")).isFalse();
        assertThat(Fingerprints.readsClockOrRandom("select random_seed, now_playing, brand from t")).isFalse();
    }
}
