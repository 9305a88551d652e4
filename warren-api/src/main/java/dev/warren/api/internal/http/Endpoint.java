package dev.warren.api.internal.http;

/** Handles a matched request, on a blocking thread. Refuses by throwing {@link ApiException}. */
@FunctionalInterface
public interface Endpoint {
    Reply handle(Call call) throws Exception;
}
