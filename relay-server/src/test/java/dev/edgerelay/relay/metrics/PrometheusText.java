package dev.edgerelay.relay.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A reader of the Prometheus text exposition format 0.0.4, as a scraper reads it (the Java client ships writers
 * only): {@code # HELP} and {@code # TYPE} lines, then samples {@code name{label="value",...} value [timestamp]},
 * label values with the escapes {@code \\}, {@code \"} and {@code \n}, values including {@code NaN} and
 * {@code +Inf}. A sample belongs to the family its {@code # TYPE} line declared, with the suffixes the format gives
 * counters, histograms and summaries. Anything else is a malformed exposition and fails the read.
 */
final class PrometheusText {
  /** One sample: its name (with suffix), labels in order, and value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** A family: its type and samples. */
  record Family(String name, String type, List<Sample> samples) {
    /** The samples whose labels include every pair of {@code labels}. */
    List<Sample> with(Map<String, String> labels) {
      Predicate<Sample> match = s -> s.labels().entrySet().containsAll(labels.entrySet());
      return samples.stream().filter(match).toList();
    }
  }

  private static final List<String> SUFFIXES = List.of("_total", "_created", "_bucket", "_count", "_sum", "_info");

  private PrometheusText() {}

  /** The families of {@code text} by name; fails with IllegalArgumentException naming the line at fault. */
  static Map<String, Family> parse(String text) {
    Map<String, Family> families = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("# TYPE ")) {
          String[] parts = line.substring(7).split(" ");
          if (parts.length != 2 || !parts[1].matches("counter|gauge|histogram|summary|untyped")) {
            throw new IllegalArgumentException("bad TYPE");
          }
          families.putIfAbsent(parts[0], new Family(parts[0], parts[1], new ArrayList<>()));
        } else if (!line.startsWith("#")) {
          Sample sample = sample(line);
          familyOf(families, sample.name()).samples().add(sample);
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + lineNo + " '" + line + "': " + e.getMessage(), e);
      }
    }
    return families;
  }

  private static Family familyOf(Map<String, Family> families, String sampleName) {
    Family exact = families.get(sampleName);
    if (exact != null) {
      return exact;
    }
    for (String suffix : SUFFIXES) {
      if (sampleName.endsWith(suffix)) {
        Family f = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
        if (f != null) {
          return f;
        }
      }
    }
    throw new IllegalArgumentException("sample without a # TYPE for its family");
  }

  /** {@code name{labels} value [timestamp]}, read character by character: label values may hold spaces and braces. */
  static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("bad metric name '" + name + "'");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String label = line.substring(i, eq);
        if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*") || line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("bad label at " + i);
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (char c; (c = line.charAt(j)) != '"'; j++) {
          if (c == '\\') {
            char next = line.charAt(++j);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
        }
        labels.put(label, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    String[] rest = line.substring(i).trim().split(" ");
    if (rest.length < 1 || rest.length > 2) {
      throw new IllegalArgumentException("expected a value and at most a timestamp");
    }
    return new Sample(name, labels, value(rest[0]));
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
