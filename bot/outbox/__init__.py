"""One durable outbox for everything the bot promised to send.

Features write rows and register a source (bot.outbox.source.Source); the engine
(bot.outbox.engine) claims, sends and records them with one set of guarantees, and the elected
process (bot.outbox.elected) is the only one that runs it.
"""
