package io.lakehouse.benchmarks;

import io.lakehouse.benchmarks.tpch.TpchConnections;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs the queries through a JDBC connection: our driver over the Delta table, or DuckDB over its files. */
final class JdbcQueries implements LineitemQueries {

  private final Connection connection;

  private JdbcQueries(Connection connection) {
    this.connection = connection;
  }

  /** Our driver, over the Delta warehouse holding lineitem, decoding {@code threads} data files at once. */
  static JdbcQueries lakehouse(Path warehouse, int threads) throws SQLException {
    return new JdbcQueries(TpchConnections.lakehouse(warehouse, threads));
  }

  /** An in-memory DuckDB with {@code threads} threads and a view over the table's Parquet files. */
  static JdbcQueries duckdb(Path warehouse, int threads) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + threads);
      String files = warehouse.resolve("lineitem").resolve("*.parquet").toString().replace("'", "''");
      statement.execute("CREATE VIEW lineitem AS SELECT * FROM read_parquet('" + files + "')");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return new JdbcQueries(connection);
  }

  @Override
  public Answer fullScan() throws SQLException {
    return singleRow(FULL_SCAN);
  }

  @Override
  public Answer projection() throws SQLException {
    long rows = 0;
    long orderKeys = 0;
    BigDecimal quantities = BigDecimal.ZERO;
    BigDecimal prices = BigDecimal.ZERO;
    long shipModeChars = 0;
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(PROJECTION)) {
      while (rs.next()) {
        rows++;
        orderKeys += rs.getLong(1);
        quantities = quantities.add(rs.getBigDecimal(2));
        prices = prices.add(rs.getBigDecimal(3));
        shipModeChars += rs.getString(4).length();
      }
    }
    return Answer.of(rows, orderKeys, quantities, prices, shipModeChars);
  }

  @Override
  public Answer selectiveFilter() throws SQLException {
    return singleRow(SELECTIVE_FILTER);
  }

  private Answer singleRow(String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      Object[] values = new Object[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = rs.getString(i + 1);
      }
      return Answer.of(values);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
