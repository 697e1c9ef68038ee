package io.futuremobility.assets;

import java.util.List;

/**
 * Each feature's mean and standard deviation over the training rows, so that features of any unit weigh alike
 * in gradient descent and a weight times a standardized value says how much a feature pushes one vehicle's risk.
 */
record Standardization(double[] means, double[] deviations) {
    Standardization {
        means = means.clone();
        deviations = deviations.clone();
    }

    static Standardization of(List<double[]> rows) {
        int width = rows.getFirst().length;
        double[] means = new double[width];
        double[] deviations = new double[width];
        for (int feature = 0; feature < width; feature++) {
            int column = feature;
            double mean = rows.stream().mapToDouble(row -> row[column]).average().orElse(0);
            double variance = rows.stream().mapToDouble(row -> (row[column] - mean) * (row[column] - mean)).average().orElse(0);
            means[feature] = mean;
            // A constant feature carries no information; dividing by 1 keeps it at 0 instead of NaN.
            deviations[feature] = variance > 0 ? Math.sqrt(variance) : 1;
        }
        return new Standardization(means, deviations);
    }

    double[] apply(double[] row) {
        double[] standardized = new double[row.length];
        for (int feature = 0; feature < row.length; feature++) {
            standardized[feature] = (row[feature] - means[feature]) / deviations[feature];
        }
        return standardized;
    }
}
