package io.lakehouse.server;

import io.lakehouse.jdbc.corpus.CorpusWarehouse;

/** Server configurations the tests start: always on 127.0.0.1 and a free port. */
final class TestServers {

  private TestServers() {}

  /** The corpus warehouse, whose entries link into the shared tables folder (an allowed root). */
  static ServerConfig corpus() {
    return ServerConfig.forWarehouse(CorpusWarehouse.directory().toString())
        .set("port", "0")
        .set("allowed-roots", CorpusWarehouse.shared().resolve("tables").toString())
        .property("relocate", "true");
  }
}
