package io.lakehouse.engine.table;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What scans did, counted while they run: data files kept by planning out of those in the
 * snapshot, data files opened, Parquet row groups read and skipped (in all, and of those how many
 * by page indexes and by dictionaries rather than by footer statistics), bytes of column chunks
 * read, rows decoded, and rows the scans' residual filters removed; the data pages and values
 * that page indexes, deletes and late materialization spared; and how many batch columns kept
 * their dictionary ({@link DictionaryVector}) and how many dictionary entries filters compared.
 * Thread-safe; the scans of one statement share one.
 */
public final class ScanStatistics {

  private final AtomicLong filesPlanned = new AtomicLong();
  private final AtomicLong filesInSnapshots = new AtomicLong();
  private final AtomicLong filesOpened = new AtomicLong();
  private final AtomicLong rowGroupsRead = new AtomicLong();
  private final AtomicLong rowGroupsSkipped = new AtomicLong();
  private final AtomicLong rowGroupsSkippedByPageIndex = new AtomicLong();
  private final AtomicLong rowGroupsSkippedByDictionary = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong rowsDecoded = new AtomicLong();
  private final AtomicLong rowsFiltered = new AtomicLong();
  private final AtomicLong pagesSkipped = new AtomicLong();
  private final AtomicLong pagesNotDecoded = new AtomicLong();
  private final AtomicLong valuesNotDecoded = new AtomicLong();
  private final AtomicLong dictionaryVectors = new AtomicLong();
  private final AtomicLong dictionaryEntriesFiltered = new AtomicLong();

  /** A scan was planned: it keeps {@code kept} of the {@code inSnapshot} data files. */
  public void filesPlanned(long kept, long inSnapshot) {
    filesPlanned.addAndGet(kept);
    filesInSnapshots.addAndGet(inSnapshot);
  }

  /**
   * A data file was opened. A file read in parts ({@link ByteRange}s) counts once, by the part
   * that begins it, so that this counts files, not opens.
   */
  public void fileOpened() {
    filesOpened.incrementAndGet();
  }

  public void rowGroupRead() {
    rowGroupsRead.incrementAndGet();
  }

  /** A row group was skipped because its footer statistics show that none of its rows can match. */
  public void rowGroupSkipped() {
    rowGroupsSkipped.incrementAndGet();
  }

  /** A row group was skipped because its page index shows that none of its pages can match. */
  public void rowGroupSkippedByPageIndex() {
    rowGroupsSkipped.incrementAndGet();
    rowGroupsSkippedByPageIndex.incrementAndGet();
  }

  /** A row group was skipped because its dictionaries hold none of the wanted values. */
  public void rowGroupSkippedByDictionary() {
    rowGroupsSkipped.incrementAndGet();
    rowGroupsSkippedByDictionary.incrementAndGet();
  }

  public void bytesRead(long bytes) {
    bytesRead.addAndGet(bytes);
  }

  public void rowsDecoded(long rows) {
    rowsDecoded.addAndGet(rows);
  }

  /** The residual filter removed {@code rows} decoded rows before they reached the SQL layer. */
  public void rowsFiltered(long rows) {
    rowsFiltered.addAndGet(rows);
  }

  /** {@code pages} data pages of row groups read were never read: the page index or deletes rule out all their rows. */
  public void pagesSkipped(long pages) {
    pagesSkipped.addAndGet(pages);
  }

  /** {@code pages} data pages were read but not decoded: none of their rows survived the residual filter and deletes. */
  public void pagesNotDecoded(long pages) {
    pagesNotDecoded.addAndGet(pages);
  }

  /** {@code values} column values (a row of a column each) were not decoded: no row of their batch survived. */
  public void valuesNotDecoded(long values) {
    valuesNotDecoded.addAndGet(values);
  }

  /** A batch column was decoded as a {@link DictionaryVector}. */
  public void dictionaryVector() {
    dictionaryVectors.incrementAndGet();
  }

  /** A residual filter compared the {@code entries} entries of a dictionary, in place of rows. */
  public void dictionaryEntriesFiltered(long entries) {
    dictionaryEntriesFiltered.addAndGet(entries);
  }

  /** Data files the scans' plans kept after skipping. */
  public long filesPlanned() {
    return filesPlanned.get();
  }

  /** Data files in the scanned snapshots, before skipping. */
  public long filesInSnapshots() {
    return filesInSnapshots.get();
  }

  public long filesOpened() {
    return filesOpened.get();
  }

  public long rowGroupsRead() {
    return rowGroupsRead.get();
  }

  /** Row groups skipped, for any reason. */
  public long rowGroupsSkipped() {
    return rowGroupsSkipped.get();
  }

  /** Of the row groups skipped, those that footer statistics kept and the page index ruled out. */
  public long rowGroupsSkippedByPageIndex() {
    return rowGroupsSkippedByPageIndex.get();
  }

  /** Of the row groups skipped, those that statistics and page index kept and dictionaries ruled out. */
  public long rowGroupsSkippedByDictionary() {
    return rowGroupsSkippedByDictionary.get();
  }

  public long bytesRead() {
    return bytesRead.get();
  }

  public long rowsDecoded() {
    return rowsDecoded.get();
  }

  /** Live rows the residual filters removed (see {@link RowFilter}). */
  public long rowsFiltered() {
    return rowsFiltered.get();
  }

  /** Data pages of the row groups read that were never read, because the page index or deletes rule out all their rows. */
  public long pagesSkipped() {
    return pagesSkipped.get();
  }

  /** Data pages read but dropped undecoded, because no row of theirs survived the residual filter and deletes. */
  public long pagesNotDecoded() {
    return pagesNotDecoded.get();
  }

  /**
   * Column values (one row of one column each) left undecoded because no row of their batch survived
   * the residual filter and deletes: the filter's columns were decoded first, the others not.
   */
  public long valuesNotDecoded() {
    return valuesNotDecoded.get();
  }

  /** Batch columns decoded as {@link DictionaryVector}s. */
  public long dictionaryVectors() {
    return dictionaryVectors.get();
  }

  /** Dictionary entries compared by residual filters; each dictionary's once per filter condition. */
  public long dictionaryEntriesFiltered() {
    return dictionaryEntriesFiltered.get();
  }

  @Override
  public String toString() {
    return "files=" + filesPlanned() + "/" + filesInSnapshots() + " opened=" + filesOpened()
        + " rowGroups=" + rowGroupsRead() + "/" + (rowGroupsRead() + rowGroupsSkipped())
        + " skippedByPageIndex=" + rowGroupsSkippedByPageIndex() + " skippedByDictionary="
        + rowGroupsSkippedByDictionary() + " bytes=" + bytesRead() + " rows=" + rowsDecoded() + " filtered=" + rowsFiltered()
        + " pagesSkipped=" + pagesSkipped() + " pagesNotDecoded=" + pagesNotDecoded()
        + " valuesNotDecoded=" + valuesNotDecoded();
  }
}
