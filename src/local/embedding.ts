/**
 * Model look-up and embedding with shape checks, shared by the embeddings and
 * memory routes.
 * @internal
 * @module
 */
import { ZERODB_MODELS, type EmbeddingModel, type LocalEmbedder } from "./embedder.js";
import { HttpError } from "./errors.js";

/** The model entry for a name, or 500 MODEL_NOT_FOUND. */
export function findModel(embedder: LocalEmbedder, name: string): EmbeddingModel {
  const m = embedder.models.find((x) => x.name === name);
  if (m !== undefined) return m;
  const known = ZERODB_MODELS.some((x) => x.name === name);
  const available = embedder.models.map((x) => x.name).join(", ");
  throw new HttpError(
    500,
    known
      ? `Model '${name}' is not available on this local server (available: ${available}); plug in an embedder that serves it`
      : `Model '${name}' not found. Available models: ${available}`,
    "MODEL_NOT_FOUND",
  );
}

/** Embeds texts with a model, checking the sizes the embedder returns. */
export async function embedTexts(embedder: LocalEmbedder, model: EmbeddingModel, texts: string[], normalize = true): Promise<number[][]> {
  const out = await embedder.embed(texts, model.name);
  if (out.length !== texts.length || out.some((v) => v.length !== model.dimensions)) {
    throw new HttpError(500, `Embedder returned vectors of the wrong shape for ${model.name}`, "EMBEDDING_ERROR");
  }
  if (!normalize) return out;
  return out.map((v) => {
    const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    return n === 0 ? v : v.map((x) => x / n);
  });
}
