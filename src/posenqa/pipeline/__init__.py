"""The ranking pipeline behind :meth:`posenqa.answer.Engine.ask`, one small stage per module.

``retrieve`` (BM25 scores, dense cosines) -> ``fuse`` (one first-stage ranking) ->
``rerank`` (a cross-encoder rereads the best candidates) -> ``judge`` (does the
best passage answer?) -> ``explain`` (best sentence, notes, relevance). Each
stage is a function of plain values; the engine holds the models and the index
and passes their outputs along. Every number the stages use lives in
:mod:`posenqa.settings`.
"""
