/**
 * {@link io.hyperlocal.engines.remote.OpenAiCompatibleEngine}, an engine that forwards generations to
 * a remote server speaking the OpenAI protocol (vLLM, llama-server, Ollama, TGI, another Hyperlocal
 * site), and {@link io.hyperlocal.engines.remote.VllmMetrics}, the reader of vLLM's Prometheus metrics
 * that routing uses for the live load of such servers. Only the JDK's {@link java.net.http.HttpClient}
 * and Jackson's tree model are used.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.engines.remote;
