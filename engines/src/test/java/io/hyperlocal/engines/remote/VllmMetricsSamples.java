package io.hyperlocal.engines.remote;

/**
 * Prometheus expositions as vLLM writes them (V1 engine, 0.10 and later): the process and Python
 * collectors first, then vLLM's counters with {@code _total} and {@code _created}, gauges labelled with
 * {@code engine} and {@code model_name}, histograms with {@code _bucket}, {@code _count}, {@code _sum}
 * and {@code _created}, and the info gauges. Written by hand after a real server's output.
 */
final class VllmMetricsSamples {
    static final String LLAMA = "meta-llama/Llama-3.1-8B-Instruct";

    /** One model on one engine core: 3 running, 2 waiting, KV cache 41.71875 % used. */
    static final String ONE_MODEL = """
            # HELP python_gc_objects_collected_total Objects collected during gc
            # TYPE python_gc_objects_collected_total counter
            python_gc_objects_collected_total{generation="0"} 14807.0
            python_gc_objects_collected_total{generation="1"} 2339.0
            python_gc_objects_collected_total{generation="2"} 522.0
            # HELP python_info Python platform information
            # TYPE python_info gauge
            python_info{implementation="CPython",major="3",minor="12",patchlevel="3",version="3.12.3"} 1.0
            # HELP process_resident_memory_bytes Resident memory size in bytes.
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes 3.254484992e+09
            # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds 1.76412901262e+09
            # HELP vllm:num_requests_running Number of requests in model execution batches.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 3.0
            # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
            # TYPE vllm:num_requests_waiting gauge
            vllm:num_requests_waiting{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 2.0
            # HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
            # TYPE vllm:kv_cache_usage_perc gauge
            vllm:kv_cache_usage_perc{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.4171875
            # HELP vllm:prefix_cache_queries_total Prefix cache queries, in terms of number of queried tokens.
            # TYPE vllm:prefix_cache_queries_total counter
            vllm:prefix_cache_queries_total{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 48640.0
            # HELP vllm:prefix_cache_queries_created Prefix cache queries, in terms of number of queried tokens.
            # TYPE vllm:prefix_cache_queries_created gauge
            vllm:prefix_cache_queries_created{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 1.7641290383616443e+09
            # HELP vllm:prefix_cache_hits_total Prefix cache hits, in terms of number of cached tokens.
            # TYPE vllm:prefix_cache_hits_total counter
            vllm:prefix_cache_hits_total{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 31232.0
            # HELP vllm:num_preemptions_total Cumulative number of preemption from the engine.
            # TYPE vllm:num_preemptions_total counter
            vllm:num_preemptions_total{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.0
            # HELP vllm:prompt_tokens_total Number of prefill tokens processed.
            # TYPE vllm:prompt_tokens_total counter
            vllm:prompt_tokens_total{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 52114.0
            # HELP vllm:generation_tokens_total Number of generation tokens processed.
            # TYPE vllm:generation_tokens_total counter
            vllm:generation_tokens_total{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 20480.0
            # HELP vllm:request_success_total Count of successfully processed requests.
            # TYPE vllm:request_success_total counter
            vllm:request_success_total{engine="0",finished_reason="stop",model_name="meta-llama/Llama-3.1-8B-Instruct"} 118.0
            vllm:request_success_total{engine="0",finished_reason="length",model_name="meta-llama/Llama-3.1-8B-Instruct"} 9.0
            vllm:request_success_total{engine="0",finished_reason="abort",model_name="meta-llama/Llama-3.1-8B-Instruct"} 1.0
            # HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
            # TYPE vllm:time_to_first_token_seconds histogram
            vllm:time_to_first_token_seconds_sum{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 6.137413024902344
            vllm:time_to_first_token_seconds_bucket{engine="0",le="0.001",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.0
            vllm:time_to_first_token_seconds_bucket{engine="0",le="0.02",model_name="meta-llama/Llama-3.1-8B-Instruct"} 41.0
            vllm:time_to_first_token_seconds_bucket{engine="0",le="0.1",model_name="meta-llama/Llama-3.1-8B-Instruct"} 122.0
            vllm:time_to_first_token_seconds_bucket{engine="0",le="2560.0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 128.0
            vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="meta-llama/Llama-3.1-8B-Instruct"} 128.0
            vllm:time_to_first_token_seconds_count{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 128.0
            # HELP vllm:time_to_first_token_seconds_created Histogram of time to first token in seconds.
            # TYPE vllm:time_to_first_token_seconds_created gauge
            vllm:time_to_first_token_seconds_created{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 1.7641290383620234e+09
            # HELP vllm:cache_config_info Information of the LLMCache
            # TYPE vllm:cache_config_info gauge
            vllm:cache_config_info{block_size="16",cache_dtype="auto",calculate_kv_scales="False",enable_prefix_caching="True",gpu_memory_utilization="0.9",num_gpu_blocks="27176",num_gpu_blocks_override="None",prefix_caching_hash_algo="sha256",swap_space="4"} 1.0
            # HELP vllm:lora_requests_info Running stats on lora requests.
            # TYPE vllm:lora_requests_info gauge
            vllm:lora_requests_info{max_lora="0",running_lora_adapters="",waiting_lora_adapters=""} 1.7641291002e+09
            # HELP http_requests_total Total number of requests by method, status and handler.
            # TYPE http_requests_total counter
            http_requests_total{handler="/v1/chat/completions",method="POST",status="2xx"} 128.0
            http_requests_total{handler="/metrics",method="GET",status="2xx"} 3144.0
            """;

    /**
     * Two models, one of them on two data-parallel engine cores, with the pre-0.10 cache gauge for
     * the other, quoted label values, a timestamp and odd spacing.
     */
    static final String TWO_MODELS = """
            # HELP vllm:num_requests_running Number of requests in model execution batches.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{engine="0",model_name="qwen"} 4.0
            vllm:num_requests_running{engine="1",model_name="qwen"} 6.0 1764129101000
            vllm:num_requests_running{model_name="old \\"quoted\\" \\\\ model",engine="0",} 1
            # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
            # TYPE vllm:num_requests_waiting gauge
            vllm:num_requests_waiting{engine="0",model_name="qwen"}\t1e0
            vllm:num_requests_waiting{engine="1",model_name="qwen"}   2.0E+00
            vllm:num_requests_waiting{engine="0",model_name="old \\"quoted\\" \\\\ model"} NaN
            # HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
            # TYPE vllm:kv_cache_usage_perc gauge
            vllm:kv_cache_usage_perc{engine="0",model_name="qwen"} 0.5
            vllm:kv_cache_usage_perc{engine="1",model_name="qwen"} 0.7
            # HELP vllm:gpu_cache_usage_perc GPU KV-cache usage. 1 means 100 percent usage.
            # TYPE vllm:gpu_cache_usage_perc gauge
            vllm:gpu_cache_usage_perc{engine="0",model_name="qwen"} 0.99
            vllm:gpu_cache_usage_perc{engine="0",model_name="old \\"quoted\\" \\\\ model"} 2.5e-1
            vllm:spec_decode_draft_acceptance_length_bucket{le="+Inf",model_name="qwen"} +Inf
            """;

    private VllmMetricsSamples() {}
}
