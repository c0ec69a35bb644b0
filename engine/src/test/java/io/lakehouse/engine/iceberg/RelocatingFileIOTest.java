package io.lakehouse.engine.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The relocation rule on the location forms writers in the corpus recorded. */
class RelocatingFileIOTest {

  private static final String ROOT = "/lake/t";

  @ParameterizedTest(name = "{0} + {1}")
  @CsvSource({
    // recorded location, reference, where it lies now
    "/test-warehouse/ice/t, /test-warehouse/ice/t/data/f.parquet, /lake/t/data/f.parquet",
    "/test-warehouse/ice/t, hdfs://localhost:20500/test-warehouse/ice/t/data/f.parquet, /lake/t/data/f.parquet",
    "hdfs://localhost:20500/test-warehouse/t, hdfs://localhost:20500/test-warehouse/t/metadata/snap-1.avro, /lake/t/metadata/snap-1.avro",
    "./lineitem_iceberg, lineitem_iceberg/metadata/m0.avro, /lake/t/metadata/m0.avro",
    "./iceberg/tables-v1/lineitem_versioned, ./iceberg/tables-v1/lineitem_versioned/data/f.parquet, /lake/t/data/f.parquet",
    "data/persistent/uuid, data/persistent/uuid/data/f.parquet, /lake/t/data/f.parquet",
    "file://wh/default.db/cities, file://wh/default.db/cities/data/f.parquet, /lake/t/data/f.parquet",
    "file:/tmp/iceberg, /tmp/iceberg/data/f.parquet, /lake/t/data/f.parquet",
    "file:///tmp/iceberg, file:/tmp/iceberg/metadata/v1.metadata.json, /lake/t/metadata/v1.metadata.json",
    "/tmp/iceberg/, /tmp/iceberg, /lake/t",
    // not under the recorded location: left as it is
    "/tmp/iceberg, /tmp/iceberg-other/data/f.parquet, /tmp/iceberg-other/data/f.parquet",
    "/tmp/iceberg, /elsewhere/f.parquet, /elsewhere/f.parquet",
  })
  void relocatesReferencesUnderTheRecordedLocation(String recorded, String reference, String expected) {
    assertEquals(expected, new RelocatingFileIO(Corpus.STORAGE.fileIO(), recorded, ROOT).relocate(reference));
  }
}
