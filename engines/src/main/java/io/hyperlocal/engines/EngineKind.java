package io.hyperlocal.engines;

/** The kinds of engine a site can run. */
public enum EngineKind {
    /** llama.cpp in this JVM, through JNI. */
    LLAMA_CPP("llama.cpp"),
    /** A remote server speaking the OpenAI protocol: vLLM, llama-server, Ollama, another site. */
    OPENAI_COMPATIBLE("openai-compatible"),
    /** A model of an engine that produces placeholder text, for demos and load tests. */
    SIMULATED("simulated");

    private final String label;

    EngineKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
