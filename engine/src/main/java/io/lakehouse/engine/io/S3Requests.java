package io.lakehouse.engine.io;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records the HTTP requests a storage's S3 client sends: the operation, the key, the
 * {@code Range} header and the length of the response body. Tests read it to assert what a query
 * fetched; {@link #clear()} starts a new record. Only the latest {@value #KEPT} requests are kept,
 * so that a connection open for days does not grow without end; {@link #count()} counts them all.
 */
public final class S3Requests implements ExecutionInterceptor {

  /**
   * One request.
   *
   * @param operation the S3 operation, e.g. {@code GetObject}, {@code HeadObject}, {@code ListObjectsV2}
   * @param bucket the bucket, or null
   * @param key the object key or listing prefix, or null
   * @param range the {@code Range} header of a GET ({@code bytes=4-99}, {@code bytes=-65536}), or null
   * @param status the HTTP status of the response
   * @param bodyBytes the response's {@code Content-Length}, or -1 when it did not say
   */
  public record Request(String operation, String bucket, String key, String range, int status, long bodyBytes) {

    /** Whether this is a GET of (part of) an object. */
    public boolean isGetObject() {
      return "GetObject".equals(operation);
    }
  }

  /** How many of the latest requests are kept. */
  public static final int KEPT = 10_000;

  private final java.util.ArrayDeque<Request> requests = new java.util.ArrayDeque<>();
  private long count;

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    String bucket = context.request().getValueForField("Bucket", String.class).orElse(null);
    String key =
        context.request().getValueForField("Key", String.class)
            .or(() -> context.request().getValueForField("Prefix", String.class))
            .orElse(null);
    String range = context.httpRequest().firstMatchingHeader("Range").orElse(null);
    long length =
        context.httpResponse().firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(-1L);
    Request request = new Request(operation, bucket, key, range, context.httpResponse().statusCode(), length);
    synchronized (requests) {
      if (requests.size() == KEPT) {
        requests.removeFirst();
      }
      requests.addLast(request);
      count++;
    }
  }

  /** How many requests were sent since the last {@link #clear()}, also those no longer kept. */
  public long count() {
    synchronized (requests) {
      return count;
    }
  }

  /** The requests sent since the last {@link #clear()} (the latest {@value #KEPT}), in order. */
  public List<Request> all() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The requests that match. */
  public List<Request> matching(Predicate<Request> filter) {
    List<Request> result = new ArrayList<>();
    for (Request request : all()) {
      if (filter.test(request)) {
        result.add(request);
      }
    }
    return result;
  }

  /** Forgets the requests recorded so far. */
  public void clear() {
    synchronized (requests) {
      requests.clear();
      count = 0;
    }
  }
}
