package riderupdates.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The measured runs of one figure: reported as the median, with the lowest and highest as its spread. */
final class Figures {

    private final List<Double> runs = new ArrayList<>();

    void add(double value) {
        runs.add(value);
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }

    double median() {
        List<Double> sorted = new ArrayList<>(runs);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return Collections.min(runs);
    }

    double max() {
        return Collections.max(runs);
    }

    /**
     * Round by round, these runs over the other's (measured in the same rounds): the ratio of two figures
     * measured side by side, so that a slow or fast moment of the machine weighs on both.
     */
    Figures ratiosTo(Figures other) {
        Figures ratios = new Figures();
        for (int i = 0; i < Math.min(runs.size(), other.runs.size()); i++) {
            ratios.add(runs.get(i) / other.runs.get(i));
        }
        return ratios;
    }

    /** e.g. {@code 312,400 (298,100-330,900)}. */
    String describe(String format) {
        if (runs.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, format, median())
                + (runs.size() > 1 ? String.format(Locale.ROOT, " (" + format + "-" + format + ")", min(), max()) : "");
    }

    /** The p-th percentile (0-100) of a sample, nearest rank. */
    static double percentile(List<Double> sample, double p) {
        List<Double> sorted = new ArrayList<>(sample);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
