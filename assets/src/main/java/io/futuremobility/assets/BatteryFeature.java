package io.futuremobility.assets;

import java.util.Locale;

/** What the battery failure model knows of a reading, and how a value of it reads as a reason. */
enum BatteryFeature {
    BATTERY_HEALTH("battery_health_pct"),
    BATTERY_TREND("battery_trend_pct_per_month"),
    BATTERY_ERROR_CODES("recent_battery_error_codes"),
    ERROR_CODES("recent_error_codes"),
    ODOMETER("odometer_thousand_km"),
    DAYS_SINCE_SERVICE("days_since_service"),
    SERVICES("services_so_far");

    /** Days since the last service for a car never serviced, and the most any gap counts. */
    static final int NO_RECENT_SERVICE_DAYS = 365;

    private final String column;

    BatteryFeature(String column) {
        this.column = column;
    }

    /** The name of the feature in the model, as a column would be named. */
    String column() {
        return column;
    }

    /** The value as a reader understands it: {@code battery fading 1.2 pts/month}. */
    String describe(double value) {
        return switch (this) {
            case BATTERY_HEALTH -> format("battery health %.0f%%", value);
            case BATTERY_TREND -> value < 0 ? format("battery fading %.1f pts/month", -value) : format("battery health rising %.1f pts/month", value);
            case BATTERY_ERROR_CODES -> format("%.0f battery error code%s in the last 3 readings", value, value == 1 ? "" : "s");
            case ERROR_CODES -> format("%.0f error code%s in the last 3 readings", value, value == 1 ? "" : "s");
            case ODOMETER -> format("odometer %.0f thousand km", value);
            case DAYS_SINCE_SERVICE -> value >= NO_RECENT_SERVICE_DAYS ? "no service for a year or more" : format("last service %.0f days ago", value);
            case SERVICES -> format("%.0f service%s so far", value, value == 1 ? "" : "s");
        };
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
