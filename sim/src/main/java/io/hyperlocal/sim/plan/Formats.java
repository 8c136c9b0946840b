package io.hyperlocal.sim.plan;

import java.util.Locale;

/** Number and money formats of the report: thousands separators, the currency's symbol. */
final class Formats {
    private Formats() {}

    static String symbol(String currency) {
        return switch (currency.toUpperCase(Locale.ROOT)) {
            case "EUR" -> "€";
            case "USD" -> "$";
            case "GBP" -> "£";
            default -> currency + " ";
        };
    }

    /** Whole currency units with thousands separators: €1,234,567. */
    static String money(String currency, double amount) {
        if (!Double.isFinite(amount)) return "∞";
        return (amount < 0 ? "-" : "") + symbol(currency) + String.format(Locale.ROOT, "%,.0f", Math.abs(amount));
    }

    /** An amount short enough for a chart's axis: €900, €45 k, €1.2 M, JPY 3 B. */
    static String moneyShort(String currency, double amount) {
        if (!Double.isFinite(amount)) return "∞";
        double a = Math.abs(amount);
        String sign = amount < 0 ? "-" : "";
        if (a >= 1e9) return sign + symbol(currency) + shortNumber(a / 1e9) + " B";
        if (a >= 1e6) return sign + symbol(currency) + shortNumber(a / 1e6) + " M";
        if (a >= 1e4) return sign + symbol(currency) + shortNumber(a / 1e3) + " k";
        return money(currency, amount);
    }

    private static String shortNumber(double v) {
        return v >= 10 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Cents, for prices per million tokens: €0.15. */
    static String price(String currency, double amount) {
        if (!Double.isFinite(amount)) return "∞";
        return (amount < 0 ? "-" : "") + symbol(currency) + String.format(Locale.ROOT, "%,.2f", Math.abs(amount));
    }

    static String number(double value, int decimals) {
        if (!Double.isFinite(value)) return "∞";
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    static String percent(double share, int decimals) {
        if (!Double.isFinite(share)) return "∞";
        return String.format(Locale.ROOT, "%." + decimals + "f %%", share * 100);
    }

    /** Tokens per year in millions, billions or trillions: 5.08 T. */
    static String tokens(double tokens) {
        if (!Double.isFinite(tokens)) return "∞";
        if (tokens >= 1e12) return String.format(Locale.ROOT, "%,.2f T", tokens / 1e12);
        if (tokens >= 1e9) return String.format(Locale.ROOT, "%,.2f B", tokens / 1e9);
        return String.format(Locale.ROOT, "%,.1f M", tokens / 1e6);
    }

    static String millis(double ms) {
        return String.format(Locale.ROOT, "%,.0f ms", ms);
    }

    static String millisFine(double ms) {
        return String.format(Locale.ROOT, "%,.1f ms", ms);
    }
}
