"""Reading English sentences by their grammar: spaCy's dependency parse, not windows of words.

    parse          which sentences are parsed, and the parsing pipeline (the model's tagger, parser and lemmatizer)
    grammar        small helpers over a parsed sentence: a token's phrase, negation, voice, coordination
    attribution    who claimed, denied, was blamed for or carried out the event: the subject or agent of the verb
    casualties     killed and injured: the number that counts the subject or object of a verb of killing or hurting,
                   a toll that rose to a number, victims and attackers apart

Each reader is a pure function from a parsed sentence (a spaCy Doc of that sentence alone) and the actor
mentions in it to facts with the tokens that support them; the event assembly (consumers/enrich/events) uses
them where a sentence was parsed and the older word rules elsewhere (Urdu, Persian and Pashto have their own,
in consumers/enrich/events/native.py).
"""
