import { GoogleGenAI } from '@google/genai';
import type { Usage } from './pricing.js';

export interface GeminiClientOptions {
  apiKey: string;
  /** GEMINI_BASE_URL: tests point it at the fake server. */
  baseUrl?: string;
}

export interface GenerateRequest {
  model: string;
  systemInstruction: string;
  userText: string;
  responseJsonSchema: Record<string, unknown>;
  temperature: number;
  maxOutputTokens: number;
  /** 0 = thinking off, -1 = dynamic. */
  thinkingBudget: number;
  signal: AbortSignal;
}

export interface GenerateResult {
  /** The joined text parts of the first candidate; undefined when blocked, cut off or empty. */
  text: string | undefined;
  usage: Usage | undefined;
  finishReason?: string;
  blockReason?: string;
  modelVersion?: string;
}

export type GenerateFn = (request: GenerateRequest) => Promise<GenerateResult>;

/**
 * One generateContent call through the official SDK (Gemini Developer API). The SDK itself neither retries
 * nor times out: the enricher owns both, through the abort signal.
 */
export function createGeminiClient(options: GeminiClientOptions): GenerateFn {
  const ai = new GoogleGenAI({
    apiKey: options.apiKey,
    vertexai: false,
    ...(options.baseUrl ? { httpOptions: { baseUrl: options.baseUrl } } : {}),
  });
  return async (request) => {
    const response = await ai.models.generateContent({
      model: request.model,
      contents: [{ role: 'user', parts: [{ text: request.userText }] }],
      config: {
        systemInstruction: request.systemInstruction,
        temperature: request.temperature,
        maxOutputTokens: request.maxOutputTokens,
        responseMimeType: 'application/json',
        responseJsonSchema: request.responseJsonSchema,
        thinkingConfig: { thinkingBudget: request.thinkingBudget },
        automaticContinuation: false,
        abortSignal: request.signal,
      },
    });
    const u = response.usageMetadata;
    const candidate = response.candidates?.[0];
    return {
      text: response.text,
      usage: u
        ? {
            promptTokens: u.promptTokenCount ?? 0,
            cachedTokens: u.cachedContentTokenCount ?? 0,
            candidatesTokens: u.candidatesTokenCount ?? 0,
            thoughtsTokens: u.thoughtsTokenCount ?? 0,
          }
        : undefined,
      finishReason: candidate?.finishReason,
      blockReason: response.promptFeedback?.blockReason,
      modelVersion: response.modelVersion,
    };
  };
}
