package io.lakehouse.benchmarks.tpch;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that samples memory in the benchmark's JVM while each iteration runs and reports
 * the peaks: heap in use (garbage not yet collected included; a full GC runs before each
 * iteration), direct byte buffers, and, when the JVM runs with
 * {@code -XX:NativeMemoryTracking=summary}, the growth of native memory of category Other over
 * the iteration's start, which is where {@code Unsafe.allocateMemory} lands and so where the
 * engine's Arrow buffers live.
 */
public final class PeakMemoryProfiler implements InternalProfiler {

  private static final long HEAP_SAMPLE_MILLIS = 5;
  /** The native memory summary is a diagnostic command that builds a report: sampled less often. */
  private static final long NATIVE_SAMPLE_EVERY = 5;
  private static final Pattern OTHER = Pattern.compile("-\\s+Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

  private Sampler sampler;

  @Override
  public String getDescription() {
    return "Peak heap, direct buffer and native (NMT Other) memory per iteration";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    System.gc();
    sampler = new Sampler();
    sampler.start();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    sampler.finish();
    List<Result> results = new ArrayList<>();
    results.add(new ScalarResult("peak.heap", sampler.peakHeap / 1e6, "MB", AggregationPolicy.MAX));
    results.add(new ScalarResult("peak.direct", sampler.peakDirect / 1e6, "MB", AggregationPolicy.MAX));
    if (sampler.peakNative >= 0) {
      results.add(new ScalarResult("peak.native", sampler.peakNative / 1e6, "MB", AggregationPolicy.MAX));
    }
    return results;
  }

  /** Native memory of category Other in bytes, or -1 when native memory tracking is off. */
  static long nativeOther() {
    try {
      Object report = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
          new Object[] {new String[] {"summary", "scale=KB"}}, new String[] {String[].class.getName()});
      Matcher matcher = OTHER.matcher(String.valueOf(report));
      return matcher.find() ? Long.parseLong(matcher.group(2)) * 1024 : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private static final class Sampler extends Thread {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    private volatile boolean running = true;
    private long peakHeap;
    private long peakDirect;
    private long peakNative = -1;
    private long nativeBaseline;

    Sampler() {
      super("peak-memory-sampler");
      setDaemon(true);
    }

    @Override
    public void run() {
      long baseline = nativeOther();
      boolean trackNative = baseline >= 0;
      nativeBaseline = baseline;
      for (long n = 0; running; n++) {
        sample(trackNative && n % NATIVE_SAMPLE_EVERY == 0);
        try {
          Thread.sleep(HEAP_SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
      sample(trackNative);
    }

    private void sample(boolean nativeToo) {
      peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
      for (BufferPoolMXBean pool : pools) {
        if (pool.getName().equals("direct")) {
          peakDirect = Math.max(peakDirect, pool.getMemoryUsed());
        }
      }
      if (nativeToo) {
        peakNative = Math.max(peakNative, Math.max(0, nativeOther() - nativeBaseline));
      }
    }

    void finish() {
      running = false;
      try {
        join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
