package io.managedkvs.chart.dashboards;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Good enough for the expressions dashboards use:
 * it drops string literals, label matchers ({...}) and ranges ([...]), then takes every identifier
 * that is not a function (followed by "("), an aggregation operator, a keyword, or a label list after
 * by/without/on/ignoring/group_left/group_right.
 */
final class PromQlMetricNames {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "offset", "and", "or", "unless", "atan2", "inf", "nan", "Inf", "NaN",
            // aggregation operators, which may be followed by "by (...)" rather than "("
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
            "limitk", "limit_ratio");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

    private PromQlMetricNames() {
    }

    static Set<String> of(String expression) {
        String text = strip(STRING.matcher(expression).replaceAll("\"\""));
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = IDENTIFIER.matcher(text);
        int skipUntil = -1;
        while (matcher.find()) {
            if (matcher.start() < skipUntil) {
                continue;
            }
            if (matcher.start() > 0 && isPartOfNumberOrVariable(text.charAt(matcher.start() - 1))) {
                continue;
            }
            String token = matcher.group();
            int next = nextNonSpace(text, matcher.end());
            if (LABEL_LIST_KEYWORDS.contains(token) && next < text.length() && text.charAt(next) == '(') {
                skipUntil = text.indexOf(')', next) + 1;
                continue;
            }
            if (KEYWORDS.contains(token) || (next < text.length() && text.charAt(next) == '(')) {
                continue;
            }
            names.add(token);
        }
        return names;
    }

    /** Removes the contents of {...} and [...], which hold label matchers, ranges and durations. */
    private static String strip(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int braces = 0;
        int brackets = 0;
        for (char c : text.toCharArray()) {
            if (c == '{') {
                braces++;
            } else if (c == '}') {
                braces--;
            } else if (c == '[') {
                brackets++;
            } else if (c == ']') {
                brackets--;
            } else if (braces == 0 && brackets == 0) {
                out.append(c);
                continue;
            }
            out.append(' ');
        }
        return out.toString();
    }

    private static boolean isPartOfNumberOrVariable(char before) {
        return Character.isDigit(before) || before == '$' || before == '.';
    }

    private static int nextNonSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
