package io.lakehouse.benchmarks.tpch;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** JDBC connections that answer the TPC-H queries over a generated warehouse. */
public final class TpchConnections {

  private TpchConnections() {}

  /**
   * Our driver over the warehouse: the tables are found by name in its default schema. Scans
   * decode as many data files at once as there are cores (the driver's default).
   */
  public static Connection lakehouse(Path warehouse) throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + warehouse);
  }

  /** Our driver over the warehouse, its scans decoding {@code scanThreads} data files at once. */
  public static Connection lakehouse(Path warehouse, int scanThreads) throws SQLException {
    return DriverManager.getConnection("jdbc:lakehouse:" + warehouse + ";scan.threads=" + scanThreads);
  }

  /**
   * An in-memory DuckDB with {@code threads} threads and one view per table over the table's
   * Parquet data files, read by DuckDB's own Parquet reader (it does not read the table format's
   * metadata; each table is one commit with no deletes, so its files are its rows).
   */
  public static Connection duckdb(Path warehouse, TpchFormat format, int threads) throws SQLException, IOException {
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + threads);
      for (String table : TpchSchema.tableNames()) {
        StringBuilder files = new StringBuilder();
        for (Path file : TpchData.dataFiles(warehouse, table, format)) {
          files.append(files.isEmpty() ? "" : ", ").append('\'').append(file.toString().replace("'", "''")).append('\'');
        }
        statement.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet([" + files + "])");
      }
    } catch (SQLException | IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }
}
