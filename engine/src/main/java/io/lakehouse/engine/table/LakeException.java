package io.lakehouse.engine.table;

/**
 * A user-facing failure of the engine, carrying the SQLState the JDBC layer reports. Messages name
 * the table, version or file involved, say what went wrong, and where possible what to do.
 */
public class LakeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** SQLState for an unknown table, column, version, tag or branch. */
  public static final String UNDEFINED_OBJECT = "42704";
  /** SQLState for an unsupported table feature or encoding. */
  public static final String FEATURE_NOT_SUPPORTED = "0A000";
  /** SQLState for data that cannot be decoded (a corrupt file, a bad value). */
  public static final String DATA_EXCEPTION = "22000";
  /** SQLState for a missing or unreadable file. */
  public static final String IO_ERROR = "58030";
  /** SQLState for a table whose metadata breaks the format's rules. */
  public static final String INVALID_TABLE = "XX001";
  /** SQLState for storage that cannot be reached or is set up wrongly (endpoint, bucket, settings). */
  public static final String CONNECTION_ERROR = "08001";
  /** SQLState for credentials the storage refused. */
  public static final String INVALID_AUTHORIZATION = "28000";

  private final String sqlState;

  public LakeException(String sqlState, String message) {
    super(message);
    this.sqlState = sqlState;
  }

  public LakeException(String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  public String sqlState() {
    return sqlState;
  }

  /** A table feature the engine cannot read yet. */
  public static LakeException unsupportedFeature(String table, String feature) {
    return new LakeException(
        FEATURE_NOT_SUPPORTED,
        "Table '" + table + "' uses " + feature + ", which this driver cannot read yet");
  }

  /** A data file that is missing or cannot be read. */
  public static LakeException unreadableFile(String path, Throwable cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    boolean missing =
        cause instanceof java.io.FileNotFoundException
            || cause instanceof java.nio.file.NoSuchFileException
            || cause instanceof org.apache.iceberg.exceptions.NotFoundException;
    if (cause instanceof UnsupportedOperationException) {
      return new LakeException(FEATURE_NOT_SUPPORTED, "Cannot read data file " + path + ": " + reason, cause);
    }
    return new LakeException(
        missing ? IO_ERROR : DATA_EXCEPTION,
        (missing ? "Data file is missing: " : "Cannot read data file ") + path + ": " + reason,
        cause);
  }
}
