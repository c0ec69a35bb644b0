package io.lakehouse.jdbc.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Struct;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts expected values (CSV text, JSON for nested values) and values read through JDBC into one
 * canonical form per type, so that they compare as values rather than as text.
 */
final class Canonical {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Canonical() {}

  /** The canonical form of an expected CSV cell. */
  static Object expected(CaseType type, String text) {
    if (text == null) {
      return null;
    }
    if (isNested(type)) {
      try {
        return fromJson(type, JSON.readTree(text));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("bad JSON in expected value: " + text, e);
      }
    }
    return scalarFromText(type, text);
  }

  /** The canonical form of a value from {@code ResultSet.getObject} (with its string form for datetimes). */
  static Object actual(CaseType type, Object value, String asString) throws SQLException {
    if (value == null) {
      return null;
    }
    if (isNested(type)) {
      return fromJdbc(type, value);
    }
    return switch (type.name()) {
      case "date", "timestamp", "timestamp_ntz" -> scalarFromText(type, asString);
      default -> scalar(type, value);
    };
  }

  private static boolean isNested(CaseType type) {
    return switch (type.name()) {
      case "struct", "array", "map" -> true;
      default -> false;
    };
  }

  private static Object fromJson(CaseType type, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    switch (type.name()) {
      case "struct": {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < type.fieldNames().size(); i++) {
          fields.put(type.fieldNames().get(i), fromJson(type.children().get(i), node.get(type.fieldNames().get(i))));
        }
        return fields;
      }
      case "array": {
        List<Object> items = new ArrayList<>();
        node.forEach(item -> items.add(fromJson(type.children().get(0), item)));
        return items;
      }
      case "map": {
        Map<String, Object> entries = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          entries.put(
              String.valueOf(scalarFromText(type.children().get(0), e.getKey())),
              fromJson(type.children().get(1), e.getValue()));
        }
        return entries;
      }
      default:
        return scalarFromText(type, node.asText());
    }
  }

  private static Object fromJdbc(CaseType type, Object value) throws SQLException {
    if (value == null) {
      return null;
    }
    switch (type.name()) {
      case "struct": {
        Object[] attributes =
            value instanceof Struct s ? s.getAttributes()
                : value instanceof List<?> l ? l.toArray()
                : (Object[]) value;
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < type.fieldNames().size(); i++) {
          fields.put(type.fieldNames().get(i), fromJdbc(type.children().get(i), attributes[i]));
        }
        return fields;
      }
      case "array": {
        Object[] elements =
            value instanceof Array a ? (Object[]) a.getArray()
                : value instanceof List<?> l ? l.toArray()
                : (Object[]) value;
        List<Object> items = new ArrayList<>();
        for (Object element : elements) {
          items.add(fromJdbc(type.children().get(0), element));
        }
        return items;
      }
      case "map": {
        Map<String, Object> entries = new TreeMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          entries.put(
              String.valueOf(scalar(type.children().get(0), e.getKey())),
              fromJdbc(type.children().get(1), e.getValue()));
        }
        return entries;
      }
      default:
        return scalar(type, value);
    }
  }

  private static Object scalarFromText(CaseType type, String text) {
    return switch (type.name()) {
      case "tinyint", "smallint", "int", "bigint" -> new BigInteger(text).toString();
      case "float", "double" -> Double.toString(Double.parseDouble(text));
      case "decimal" -> new BigDecimal(text).setScale(type.scale(), RoundingMode.UNNECESSARY).toPlainString();
      case "boolean" -> Boolean.toString(Boolean.parseBoolean(text));
      case "binary" -> text.toLowerCase(java.util.Locale.ROOT);
      case "date" -> LocalDate.parse(text).toString();
      case "timestamp" -> instant(text).toString();
      case "timestamp_ntz" -> localDateTime(text).toString();
      default -> text;
    };
  }

  private static Object scalar(CaseType type, Object value) {
    return switch (type.name()) {
      case "tinyint", "smallint", "int", "bigint" -> BigInteger.valueOf(((Number) value).longValue()).toString();
      case "float" -> Double.toString(((Number) value).floatValue());
      case "double" -> Double.toString(((Number) value).doubleValue());
      case "decimal" -> decimal(value, type.scale());
      case "boolean" -> value.toString();
      case "binary" -> HexFormat.of().formatHex(bytes(value));
      case "date", "timestamp", "timestamp_ntz" -> scalarFromText(type, value.toString());
      default -> value.toString();
    };
  }

  private static String decimal(Object value, int scale) {
    BigDecimal decimal = value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    try {
      return decimal.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
    } catch (ArithmeticException e) {
      return decimal.toPlainString();
    }
  }

  private static byte[] bytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof org.apache.calcite.avatica.util.ByteString s) {
      return s.getBytes();
    }
    return HexFormat.of().parseHex(value.toString());
  }

  private static Instant instant(String text) {
    String t = text.trim().replace(' ', 'T');
    if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
      return java.time.OffsetDateTime.parse(t).toInstant();
    }
    return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
  }

  private static LocalDateTime localDateTime(String text) {
    return LocalDateTime.parse(text.trim().replace(' ', 'T'));
  }
}
