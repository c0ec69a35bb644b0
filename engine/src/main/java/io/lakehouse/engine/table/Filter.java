package io.lakehouse.engine.table;

import java.util.List;
import java.util.Objects;

/**
 * A row filter in the engine's own words, translated once from SQL and then by each table format
 * into its own expression (Delta Kernel predicates, Iceberg expressions) for skipping files and row
 * groups. Columns are top-level logical names of the snapshot's schema. Literals use the Arrow
 * physical value of the column's type, as {@link io.lakehouse.engine.parquet.ColumnSpec} constants
 * do: {@code Boolean}; {@code Long} or {@code Double} for integers and floating point;
 * {@code BigDecimal} for decimals; {@code String}; {@code byte[]}; {@code Integer} days for dates;
 * {@code Long} microseconds for timestamps and times. SQL's three-valued logic applies: a
 * comparison with a null value is not true.
 */
public sealed interface Filter {

  /** Keeps every row. */
  Filter ALWAYS_TRUE = new And(List.of());

  /** The comparison operators. */
  enum Op {
    EQ("="),
    NE("<>"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** {@code column op literal}; the literal is never null. */
  record Comparison(String column, Op op, Object literal) implements Filter {
    public Comparison {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(literal, "literal");
    }

    @Override
    public String toString() {
      return column + " " + op.symbol() + " " + Filters.literalText(literal);
    }
  }

  /** {@code column IS NULL}. */
  record IsNull(String column) implements Filter {
    @Override
    public String toString() {
      return column + " IS NULL";
    }
  }

  /** {@code column IS NOT NULL}. */
  record IsNotNull(String column) implements Filter {
    @Override
    public String toString() {
      return column + " IS NOT NULL";
    }
  }

  /** {@code column IN (values)}; the values are never null. */
  record In(String column, List<Object> values) implements Filter {
    public In {
      values = List.copyOf(values);
    }

    @Override
    public String toString() {
      return column + " IN " + values.stream().map(Filters::literalText).toList();
    }
  }

  /** {@code column LIKE 'prefix%'} on a string column. */
  record StartsWith(String column, String prefix) implements Filter {
    @Override
    public String toString() {
      return column + " LIKE '" + prefix + "%'";
    }
  }

  /** All of the filters; no filters means true. */
  record And(List<Filter> filters) implements Filter {
    public And {
      filters = List.copyOf(filters);
    }

    @Override
    public String toString() {
      return filters.isEmpty() ? "TRUE" : "(" + String.join(" AND ", filters.stream().map(Filter::toString).toList()) + ")";
    }
  }

  /** Any of the filters; no filters means false. */
  record Or(List<Filter> filters) implements Filter {
    public Or {
      filters = List.copyOf(filters);
    }

    @Override
    public String toString() {
      return filters.isEmpty() ? "FALSE" : "(" + String.join(" OR ", filters.stream().map(Filter::toString).toList()) + ")";
    }
  }

  /** The negation of a filter. */
  record Not(Filter filter) implements Filter {
    @Override
    public String toString() {
      return "NOT " + filter;
    }
  }
}
