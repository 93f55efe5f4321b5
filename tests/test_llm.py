"""The answer model itself: the fixed instructions' KV state is computed once and reused by the
next question (llama.cpp's prefix cache), so a follow-up question pays only for its own part."""
from assistant.core.answer import ask as answer, llm


def test_second_question_reuses_the_instructions_kv_state(indexed):
    _, data = indexed
    model = llm.LocalLLM(llm.bundled_model_path(data / "models"), n_ctx=2048).load()
    evaluated = []
    inner_eval = model._llm.eval

    def counting_eval(tokens):
        evaluated.append(len(tokens))
        return inner_eval(tokens)

    model._llm.eval = counting_eval
    try:
        prompts = []
        for q, src in (("What is the warranty period?", "[1] The warranty lasts two years."),
                       ("Who pays for repairs?", "[1] The tenant pays for small repairs.")):
            prompt, stops = model.format(answer.SYSTEM, f"Sources:\n\n{src}\n\nQuestion: {q}", "Answer:")
            prompts.append(prompt)
            before = len(evaluated)
            text = "".join(model.stream(prompt, stops, max_tokens=8, temperature=0.0))
            assert text is not None
            # The first eval call of a generation is the prompt (what the cache did not hold).
            evaluated_prompt = evaluated[before]
            if q.startswith("What"):
                first_prompt_eval = evaluated_prompt
            else:
                second_prompt_eval = evaluated_prompt
        total = model.count_tokens(prompts[1]) + 1  # + BOS
        shared = model.count_tokens(answer.SYSTEM)
        assert first_prompt_eval >= total - 5  # a cold cache evaluates the whole prompt
        assert second_prompt_eval <= total - shared, (second_prompt_eval, total, shared)
    finally:
        model.close()
