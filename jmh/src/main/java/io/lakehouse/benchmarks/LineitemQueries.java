package io.lakehouse.benchmarks;

import java.sql.SQLException;

/**
 * The three benchmark queries over lineitem, answered by one reader. The SQL below is what the
 * JDBC readers run; the parquet-mr reader computes the same answers by hand.
 */
interface LineitemQueries extends AutoCloseable {

  /** Every column read: a count, sums of the numbers and maxima of the dates and text. */
  String FULL_SCAN =
      "SELECT COUNT(*), SUM(l_orderkey), SUM(l_partkey), SUM(l_suppkey), SUM(l_linenumber), SUM(l_quantity),"
          + " SUM(l_extendedprice), SUM(l_discount), SUM(l_tax), MAX(l_returnflag), MAX(l_linestatus),"
          + " MAX(l_shipdate), MAX(l_commitdate), MAX(l_receiptdate), MAX(l_shipinstruct), MAX(l_shipmode),"
          + " MAX(l_comment) FROM lineitem";

  /** Four of sixteen columns, every row handed to the client, which sums them. */
  String PROJECTION = "SELECT l_orderkey, l_quantity, l_extendedprice, l_shipmode FROM lineitem";

  /** TPC-H Q6: about 2% of the rows pass. */
  String SELECTIVE_FILTER =
      "SELECT SUM(l_extendedprice * l_discount), COUNT(*) FROM lineitem"
          + " WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'"
          + " AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24";

  Answer fullScan() throws Exception;

  /** The client-side sums of {@link #PROJECTION}: rows, order keys, quantities, prices, ship mode characters. */
  Answer projection() throws Exception;

  Answer selectiveFilter() throws Exception;

  @Override
  void close() throws SQLException;
}
