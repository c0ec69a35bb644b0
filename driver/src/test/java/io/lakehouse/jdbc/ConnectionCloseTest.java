package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Closing a connection closes its open statements and result sets and frees their memory. */
class ConnectionCloseTest {

  @Test
  void closingAConnectionFreesTheMemoryOfItsOpenResultSets() throws Exception {
    Connection c = DriverManager.getConnection(CorpusWarehouse.url());
    LakehouseConnection lakehouse = c.unwrap(LakehouseConnection.class);
    Statement statement = c.createStatement();
    ResultSet scan = statement.executeQuery("SELECT * FROM \"lineitem_iceberg\"");
    assertTrue(scan.next());
    PreparedStatement prepared = c.prepareStatement("SELECT \"l_orderkey\" FROM \"lineitem_iceberg\"");
    ResultSet other = prepared.executeQuery();
    assertTrue(other.next());
    assertTrue(lakehouse.allocatedBytes() > 0, "scans in progress hold batches");

    c.close();

    assertEquals(0, lakehouse.allocatedBytes());
    assertTrue(scan.isClosed() && statement.isClosed() && other.isClosed() && prepared.isClosed());
    c.close(); // closing again is harmless
  }
}
