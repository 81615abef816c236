"""第三十一条 channels: id → label.  A module of its own, importing nothing, so that the command line can
list the choices of ``gongkai deadline --channel`` without loading the casework model and calendar."""

CHANNELS: dict[str, str] = {"in_person": "当面", "post": "邮寄", "ordinary_letter": "平常信函",
                            "online": "网络", "fax": "传真"}
