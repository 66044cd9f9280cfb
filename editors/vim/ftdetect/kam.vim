" kam rule files
autocmd BufRead,BufNewFile *.kam setfiletype kam
